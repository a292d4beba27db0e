import type { Env } from '../config/env.schema.js';
import { parseRedisUrl } from './redis-url.js';

/** Combinations that are wrong in every environment, named by variable. */
export function redisConfigViolations(env: Env): string[] {
  const endpoint = env.REDIS_URL === undefined ? undefined : parseRedisUrl(env.REDIS_URL);
  return env.REDIS_CA_FILE !== undefined && endpoint?.tls !== true
    ? ['REDIS_CA_FILE: needs a rediss:// REDIS_URL (TLS)']
    : [];
}
