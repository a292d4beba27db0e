import type { TraceParent } from './traceparent.js';

/** What the request context asks of the tracer, when tracing is on (src/tracing.ts). */
export interface SpanBridge {
  /**
   * Names the active server span after the route template, tags it with the request id, and
   * returns its ids: the log lines of the request then point at the span that was exported.
   */
  enterRequest(method: string, route: string, requestId: string): TraceParent | undefined;
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
