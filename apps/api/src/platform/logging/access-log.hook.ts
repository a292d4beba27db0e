import type { BulwarkLogger } from '@bulwark/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';

// Query keys are names the client chose: bounded so a request cannot make its own line huge.
const MAX_QUERY_KEYS = 20;
const MAX_NAME_LENGTH = 64;
const MAX_PATH_LENGTH = 256;

/**
 * One line per request: method, route template, status, duration, response bytes, plus the
 * request id and client address. Never the body, and of the query only its parameter names, on
 * every route: a generic rule cannot know which future route carries a reset token or an OAuth
 * code in its query, while the names are enough to debug.
 */
export function accessLogHook(logger: BulwarkLogger) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const route = request.routeOptions.url;
    logger.info('request completed', {
      // Also in the request context; repeated in case the hook runs outside it.
      requestId: request.id,
      ip: request.ip,
      method: request.method,
      route: route ?? null,
      // Unmatched paths are what scanners probe; the query string is cut off like everywhere else.
      ...(route === undefined && { path: pathOf(request.url) }),
      ...queryKeys(request.query),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      bytes: responseBytes(reply),
    });
    done();
  };
}

/**
 * The line of a request whose client hung up before the answer: onResponse never runs for it,
 * and scanners and impatient clients would otherwise leave no trace.
 */
export function abortedRequestLogHook(logger: BulwarkLogger) {
  return (request: FastifyRequest, done: () => void): void => {
    const route = request.routeOptions.url;
    logger.info('request aborted by the client', {
      requestId: request.id,
      ip: request.ip,
      method: request.method,
      route: route ?? null,
      ...(route === undefined && { path: pathOf(request.url) }),
    });
    done();
  };
}

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return (end === -1 ? url : url.slice(0, end)).slice(0, MAX_PATH_LENGTH);
}

function queryKeys(query: unknown): { queryKeys?: string[] } {
  if (typeof query !== 'object' || query === null) {
    return {};
  }
  const keys = Object.keys(query);
  return keys.length === 0
    ? {}
    : { queryKeys: keys.slice(0, MAX_QUERY_KEYS).map((key) => key.slice(0, MAX_NAME_LENGTH)) };
}

function responseBytes(reply: FastifyReply): number | null {
  const length = Number(reply.getHeader('content-length'));
  return Number.isInteger(length) && length >= 0 ? length : null;
}
