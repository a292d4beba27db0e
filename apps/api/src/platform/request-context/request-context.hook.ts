import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';
import { RequestContext } from './request-context.js';
import { parseTraceParent, TRACEPARENT_HEADER } from './traceparent.js';

/**
 * Echoes the request id and runs the rest of the request inside its context, which every log
 * line and audit event reads. The span id is the caller's: the API starts no spans of its own.
 */
export function requestContextHook(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  reply.header(REQUEST_ID_HEADER, request.id);
  const trace = parseTraceParent(request.headers[TRACEPARENT_HEADER]);
  RequestContext.run({ requestId: request.id, ip: request.ip, ...trace }, done);
}
