import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { BulwarkLogger } from '@bulwark/logging';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../request-context/request-id.js';
import { statusProblem, type ProblemWithoutRequestId } from './problem-details.js';
import { API_HEADERS, applySecurityHeaders } from './security-headers.js';

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

// Router refusals, by Fastify's code; their own messages echo the path and name the library.
const ROUTER_PROBLEMS: Readonly<Record<string, ProblemWithoutRequestId>> = {
  FST_ERR_BAD_URL: statusProblem(400, 'The URL is not valid percent-encoded UTF-8.'),
  FST_ERR_MAX_PARAM_LENGTH: statusProblem(414, 'A path segment is longer than the server accepts.'),
};

// Node's HTTP parser refusals, by its error code.
const PARSER_PROBLEMS: Readonly<Record<string, ProblemWithoutRequestId>> = {
  HPE_HEADER_OVERFLOW: statusProblem(
    431,
    'The request headers are larger than the server accepts.',
  ),
  ERR_HTTP_REQUEST_TIMEOUT: statusProblem(408, 'The request did not arrive in time.'),
};
const MALFORMED_REQUEST = statusProblem(400, 'The request is not valid HTTP/1.1.');

/**
 * Fastify's `frameworkErrors`: answers what the router refuses before any hook runs, with the
 * security headers, the request id and an access-log line like every other answer.
 */
export function routerErrorHandler(logger: BulwarkLogger, docsEnabled: boolean) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const problem = ROUTER_PROBLEMS[error.code] ?? statusProblem(400);
    applySecurityHeaders(request, reply, docsEnabled);
    void reply
      .code(problem.status)
      .header(REQUEST_ID_HEADER, request.id)
      .type(PROBLEM_CONTENT_TYPE)
      .send({ ...problem, requestId: request.id });
    logRefusal(logger, { requestId: request.id, ip: request.ip, method: request.method, problem });
  };
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (oversized headers, an invalid
 * Content-Length, a request that never finishes) has no request object, so the answer is written
 * to the socket: problem+json with the security headers and a fresh request id, then closed.
 */
export function clientErrorHandler(logger: BulwarkLogger) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
      return;
    }
    const problem =
      (error.code === undefined ? undefined : PARSER_PROBLEMS[error.code]) ?? MALFORMED_REQUEST;
    const requestId = randomUUID();
    const body = JSON.stringify({ ...problem, requestId });
    const headers = {
      ...API_HEADERS,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      [REQUEST_ID_HEADER]: requestId,
      connection: 'close',
    };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n${head.join('')}\r\n${body}`,
    );
    logRefusal(logger, { requestId, ip: socket.remoteAddress ?? null, method: null, problem });
  };
}

/** The access-log line of a request refused before routing: no route, no duration. */
function logRefusal(
  logger: BulwarkLogger,
  fields: {
    requestId: string;
    ip: string | null;
    method: string | null;
    problem: ProblemWithoutRequestId;
  },
): void {
  logger.info('request completed', {
    requestId: fields.requestId,
    ip: fields.ip,
    method: fields.method,
    route: null,
    status: fields.problem.status,
    refused: fields.problem.detail ?? fields.problem.title,
  });
}
