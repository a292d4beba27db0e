/**
 * Preloaded before the API (`node --import ./dist/tracing.js dist/main.js`), because tracing has
 * to hook pg, ioredis and http before the application loads them. Without
 * OTEL_EXPORTER_OTLP_ENDPOINT it loads nothing of OpenTelemetry. The variable is validated again
 * with the rest of the configuration, which stops the process when it is not an http(s) URL.
 */
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
if (endpoint !== undefined && /^https?:\/\//.test(endpoint)) {
  const { startTracing } = await import('./platform/tracing/start-tracing.js');
  startTracing(process.env.OTEL_SERVICE_NAME ?? 'bulwark-api');
}

export {};
