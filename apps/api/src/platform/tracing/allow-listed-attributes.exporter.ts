import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

type ResultCallback = Parameters<SpanExporter['export']>[1];

/**
 * The only span attributes exported: methods, route templates, statuses and parameterised SQL.
 * Instrumentations also record full URLs (a query may carry a token), client addresses, host
 * names and peer details: an allow-list keeps whatever a future version adds out as well.
 */
export const EXPORTED_SPAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'http.request.method',
  'http.method',
  'http.route',
  'http.response.status_code',
  'http.status_code',
  'db.system',
  'db.system.name',
  'db.operation',
  'db.operation.name',
  // pg: the statement with $1 placeholders (TypeORM binds every value); Redis: the command name.
  'db.statement',
  'db.query.text',
  'bulwark.request_id',
]);

/** Wraps an exporter so that each span leaves with allow-listed attributes only. */
export class AllowListedAttributesExporter implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: ResultCallback): void {
    this.exporter.export(spans.map(withAllowedAttributes), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}

function withAllowedAttributes(span: ReadableSpan): ReadableSpan {
  const attributes = Object.fromEntries(
    Object.entries(span.attributes).filter(([key]) => EXPORTED_SPAN_ATTRIBUTES.has(key)),
  );
  // The span itself is the prototype: everything else reads through. Exception events and the
  // status message carry driver messages, which may quote a value: the status code remains.
  return Object.create(span, {
    attributes: { value: attributes },
    events: { value: [] },
    status: { value: { code: span.status.code } },
  }) as ReadableSpan;
}
