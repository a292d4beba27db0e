import { register } from 'node:module';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import { connectSpanBridge } from '../request-context/span-bridge.js';
import { AllowListedAttributesExporter } from './allow-listed-attributes.exporter.js';

/**
 * The share of requests traced unless OTEL_TRACES_SAMPLER says otherwise (the SDK then reads it and
 * OTEL_TRACES_SAMPLER_ARG). Decided by trace id alone: a caller's `traceparent` flags cannot make
 * every request it sends cost a full trace.
 */
const DEFAULT_SAMPLE_RATIO = 0.1;

/**
 * HTTP, PostgreSQL (pg) and Redis (ioredis) spans, exported with OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads it, and OTEL_EXPORTER_OTLP_CERTIFICATE, itself).
 * Must run before the application imports those clients.
 */
export function startTracing(serviceName: string): void {
  // pg and http arrive through require(), which the instrumentations hook; ioredis is imported
  // by the application's ES modules, which only a loader hook sees. Only ioredis goes through it.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['ioredis'] },
  });
  const provider = new NodeTracerProvider({
    ...(process.env.OTEL_TRACES_SAMPLER === undefined && {
      sampler: new TraceIdRatioBasedSampler(DEFAULT_SAMPLE_RATIO),
    }),
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new AllowListedAttributesExporter(new OTLPTraceExporter())),
    ],
  });
  // W3C traceparent in and out, and the active span carried through async calls.
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation(),
      // Queries and commands outside a request (boot, the retention job) are not traced.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({
        requireParentSpan: true,
        // Keys name accounts and client addresses: the command alone.
        dbStatementSerializer: (command) => command,
      }),
    ],
  });
  connectSpanBridge({
    enterRequest(method, route, requestId) {
      const span = trace.getActiveSpan();
      if (span === undefined) {
        return undefined;
      }
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'bulwark.request_id': requestId });
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },
  });
}
