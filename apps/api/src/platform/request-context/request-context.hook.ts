import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';
import { RequestContext } from './request-context.js';
import { spanBridge } from './span-bridge.js';
import { parseTraceParent, TRACEPARENT_HEADER } from './traceparent.js';

/**
 * Echoes the request id and runs the rest of the request inside its context, which every log
 * line and audit event reads. With tracing on, the trace and span ids are those of the request's
 * server span (a child of the caller's `traceparent`); otherwise the caller's own.
 */
export function requestContextHook(
  request: FastifyRequest,
  reply: FastifyReply,
  done: () => void,
): void {
  reply.header(REQUEST_ID_HEADER, request.id);
  const bridge = spanBridge();
  if (bridge === undefined) {
    const caller = parseTraceParent(request.headers[TRACEPARENT_HEADER]);
    RequestContext.run({ requestId: request.id, ip: request.ip, ...caller }, done);
    return;
  }
  const span = bridge.startRequest(
    request.method,
    request.routeOptions.url ?? 'unmatched',
    request.id,
    request.headers,
  );
  // 'close' comes once, whether the answer was sent or the client went away first.
  reply.raw.once('close', () => {
    span.end(reply.statusCode);
  });
  const { traceId, spanId } = span;
  span.run({ requestId: request.id, ip: request.ip, traceId, spanId }, done);
}
