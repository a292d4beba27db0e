import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyHeadersError, UrlTooLongError } from './request-limits.errors.js';

export interface RequestLimits {
  readonly maxUrlLength: number;
  readonly maxHeaderCount: number;
}

/**
 * Refuses a request target longer than `maxUrlLength` (414) and more than `maxHeaderCount` header
 * fields (431). Node keeps at most `maxHeadersCount` fields and silently drops the rest, so the
 * server is given one more than the limit: reaching it means the client sent too many.
 */
export function requestLimitsHook({ maxUrlLength, maxHeaderCount }: RequestLimits) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    if (request.url.length > maxUrlLength) {
      done(new UrlTooLongError());
    } else if (request.raw.rawHeaders.length / 2 > maxHeaderCount) {
      done(new TooManyHeadersError());
    } else {
      done();
    }
  };
}
