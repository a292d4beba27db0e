import type { FastifyReply, FastifyRequest } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

// 0.5 s is the latency objective's threshold (infra/monitoring/): keep it a bucket boundary.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The label of a path no route matched: scanners would otherwise create a series per probe. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Request rate, latency and status class per route template (`/notes/:id`, never the raw path),
 * one histogram: its `_count` is the request counter.
 */
export function httpMetricsHook(registry: Registry) {
  const duration = new Histogram({
    name: 'bulwark_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status class (2xx…5xx), and their duration',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    duration.observe(
      {
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
    done();
  };
}
