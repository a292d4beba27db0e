import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';
import { parseRedisUrl } from '../config/redis-url.js';

/** Combinations that are wrong in every environment, named by variable. */
export function redisConfigViolations(env: Env): string[] {
  const endpoint = env.REDIS_URL === undefined ? undefined : parseRedisUrl(env.REDIS_URL);
  return env.REDIS_CA_FILE !== undefined && endpoint?.tls !== true
    ? ['REDIS_CA_FILE: needs a rediss:// REDIS_URL (TLS)']
    : [];
}

export interface RedisConfig {
  /** Unset: lockouts, session liveness and rate limits live in this process (one instance only). */
  readonly url: string | undefined;
  /** PEM CA bundle that a rediss:// server's certificate must chain to; unset: Node's public roots. */
  readonly caFile: string | undefined;
}

export function redisConfigFrom(env: Env): RedisConfig {
  return {
    url: env.REDIS_URL,
    caFile: env.REDIS_CA_FILE === undefined ? undefined : resolve(env.REDIS_CA_FILE),
  };
}
