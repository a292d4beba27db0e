import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContextStore } from './request-context.js';
import type { TraceParent } from './traceparent.js';

/** The server span of one request: its ids go into every log line of the request. */
export interface RequestSpan extends TraceParent {
  /**
   * Runs the rest of the request with its context store, and with the span active when it is
   * sampled, so that database and Redis spans are its children.
   */
  run(store: RequestContextStore, callback: () => void): void;
  /** Ends the span with the status sent (or the one set when the client went away). */
  end(statusCode: number): void;
}

/** What the request context asks of the tracer, when tracing is on (src/tracing.ts). */
export interface SpanBridge {
  /**
   * Opens the request's server span, named after the route template and tagged with the request
   * id, as a child of the caller's `traceparent` when the headers carry a valid one.
   */
  startRequest(
    method: string,
    route: string,
    requestId: string,
    headers: IncomingHttpHeaders,
  ): RequestSpan;
  /**
   * The store of the running request, kept in the tracer's context rather than a second
   * AsyncLocalStorage: every promise of every request pays for each one a process carries.
   */
  currentStore(): RequestContextStore | undefined;
}

let connected: SpanBridge | undefined;

/** Called once, by the tracer, before the application loads. */
export function connectSpanBridge(bridge: SpanBridge): void {
  connected = bridge;
}

/** The tracer's bridge, or undefined when tracing is off (nothing of OpenTelemetry is loaded). */
export function spanBridge(): SpanBridge | undefined {
  return connected;
}
