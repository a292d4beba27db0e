import { register } from 'node:module';
import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-node';
import type { RequestContextStore } from '../request-context/request-context.js';
import { connectSpanBridge } from '../request-context/span-bridge.js';
import { AllowListedAttributesProcessor } from './allow-listed-attributes.processor.js';

/**
 * The share of requests traced unless OTEL_TRACES_SAMPLER says otherwise (the SDK then reads it and
 * OTEL_TRACES_SAMPLER_ARG). Decided by trace id alone: a caller's `traceparent` flags cannot make
 * every request it sends cost a full trace.
 *
 * One in a hundred: each sampled request costs about ten times a whole request's CPU in spans and
 * their export, so 10 % added 10–16 % to `GET /users/me` and 1 % adds 1–2 % (bench:observability,
 * docs/performance.md). OTEL_TRACES_SAMPLER_ARG sets another share, with or without a sampler
 * named (the configuration refuses one outside 0–1).
 */
const DEFAULT_SAMPLE_RATIO = 0.01;

function sampleRatio(setting: string | undefined): number {
  const ratio = Number(setting);
  return setting !== undefined && setting.trim() !== '' && ratio >= 0 && ratio <= 1
    ? ratio
    : DEFAULT_SAMPLE_RATIO;
}

/** Where the request context store lives in the tracer's context (see SpanBridge.currentStore). */
const REQUEST_CONTEXT = createContextKey('bulwark.request-context');

/**
 * Server spans opened by the request context hook, PostgreSQL (pg) and Redis (ioredis) spans,
 * exported with OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads it, and
 * OTEL_EXPORTER_OTLP_CERTIFICATE, itself).
 * Must run before the application imports those clients.
 *
 * The server span is Bulwark's own rather than the http instrumentation's: that one builds a span
 * and a dozen attributes for every request, sampled or not, and cost a quarter of the throughput
 * of `GET /users/me` (bench:observability). An unsampled request here costs a span id and nothing
 * is activated, so its queries open no spans either.
 */
export function startTracing(serviceName: string): void {
  // pg arrives through require(), which its instrumentation hooks; ioredis is imported
  // by the application's ES modules, which only a loader hook sees. Only ioredis goes through it.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['ioredis'] },
  });
  const provider = new NodeTracerProvider({
    ...(process.env.OTEL_TRACES_SAMPLER === undefined && {
      sampler: new TraceIdRatioBasedSampler(sampleRatio(process.env.OTEL_TRACES_SAMPLER_ARG)),
    }),
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [
      new AllowListedAttributesProcessor(new BatchSpanProcessor(new OTLPTraceExporter())),
    ],
  });
  // W3C traceparent propagation, and the active span carried through async calls.
  provider.register();
  registerInstrumentations({
    instrumentations: [
      // Queries and commands outside a request (boot, the retention job) are not traced.
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
      new IORedisInstrumentation({
        requireParentSpan: true,
        // Keys name accounts and client addresses: the command alone.
        dbStatementSerializer: (command) => command,
      }),
    ],
  });
  const tracer = trace.getTracer(serviceName);
  connectSpanBridge({
    startRequest(method, route, requestId, headers) {
      const caller = propagation.extract(ROOT_CONTEXT, headers);
      const span = tracer.startSpan(
        `${method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'http.route': route,
            'bulwark.request_id': requestId,
          },
        },
        caller,
      );
      // An unsampled request activates no span, not even the caller's: its queries then skip
      // tracing altogether (requireParentSpan).
      const active = span.isRecording() ? trace.setSpan(caller, span) : ROOT_CONTEXT;
      const { traceId, spanId } = span.spanContext();
      return {
        traceId,
        spanId,
        run(store, callback) {
          context.with(active.setValue(REQUEST_CONTEXT, store), callback);
        },
        end(statusCode) {
          span.setAttribute('http.response.status_code', statusCode);
          if (statusCode >= 500) {
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
    currentStore() {
      return context.active().getValue(REQUEST_CONTEXT) as RequestContextStore | undefined;
    },
  });
}
