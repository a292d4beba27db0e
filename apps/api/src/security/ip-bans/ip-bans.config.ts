import type { Env } from '../../platform/config/env.schema.js';

/** Distinct accounts that trigger a ban, the window they are counted in, and the ban's length. */
export interface IpBanPolicy {
  readonly distinctAccounts: number;
  readonly windowSeconds: number;
  readonly durationSeconds: number;
}

/** What the Redis store needs. */
export interface RedisIpBanStoreConfig extends IpBanPolicy {
  /** Every Redis key of the bans starts with it; tests give each application its own. */
  readonly redisKeyPrefix: string;
}

export interface IpBansConfig extends RedisIpBanStoreConfig {
  /** Addresses and CIDR ranges whose failures are never counted and which are never refused. */
  readonly exempt: readonly string[];
}

// A developer's own typos must not lock them out of their API (and of the admin route that
// lifts bans) for an hour; in production, loopback is a proxy or a sidecar and is not special.
const DEVELOPMENT_EXEMPT = ['127.0.0.0/8', '::1/128'];

export const IP_BAN_REDIS_KEY_PREFIX = 'bulwark:ip-ban:';

export function ipBansConfigFrom(env: Env): IpBansConfig {
  return {
    distinctAccounts: env.IP_BAN_DISTINCT_ACCOUNTS,
    windowSeconds: env.IP_BAN_WINDOW_SECONDS,
    durationSeconds: env.IP_BAN_DURATION_SECONDS,
    redisKeyPrefix: IP_BAN_REDIS_KEY_PREFIX,
    exempt: env.IP_BAN_EXEMPT ?? (env.NODE_ENV === 'production' ? [] : DEVELOPMENT_EXEMPT),
  };
}
