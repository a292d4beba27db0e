import type { Env } from '../config/env.schema.js';
import { isLoopbackHost } from '../config/loopback.js';

export interface MetricsConfig {
  /** The Prometheus listener's port; unset: no listener, nothing exported. */
  readonly port: number | undefined;
  readonly host: string;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
}

export function metricsConfigFrom(env: Env): MetricsConfig {
  return { port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN };
}

/** Metrics never share the public listener: they name routes, limits and attack counts. */
export function metricsConfigViolations(env: Env): string[] {
  if (env.METRICS_PORT === undefined) {
    return env.METRICS_TOKEN === undefined ? [] : ['METRICS_TOKEN: needs METRICS_PORT'];
  }
  return env.METRICS_PORT === env.PORT && env.PORT !== 0
    ? ['METRICS_PORT: must differ from PORT (metrics are never served on the public listener)']
    : [];
}

/** Off loopback, production scrapes authenticate: a private network is not a password. */
export function metricsProductionViolations(env: Env): string[] {
  return env.METRICS_PORT !== undefined &&
    !isLoopbackHost(env.METRICS_HOST) &&
    env.METRICS_TOKEN === undefined
    ? ['METRICS_TOKEN: required in production when METRICS_HOST is not loopback']
    : [];
}
