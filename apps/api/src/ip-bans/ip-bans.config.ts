import type { Env } from '../config/env.schema.js';

/** Distinct accounts that trigger a ban, the window they are counted in, and the ban's length. */
export interface IpBanPolicy {
  readonly distinctAccounts: number;
  readonly windowSeconds: number;
  readonly durationSeconds: number;
}

export interface IpBansConfig extends IpBanPolicy {
  /** Every Redis key of the bans starts with it; tests give each application its own. */
  readonly redisKeyPrefix: string;
}

export const IP_BAN_REDIS_KEY_PREFIX = 'bulwark:ip-ban:';

export function ipBansConfigFrom(env: Env): IpBansConfig {
  return {
    distinctAccounts: env.IP_BAN_DISTINCT_ACCOUNTS,
    windowSeconds: env.IP_BAN_WINDOW_SECONDS,
    durationSeconds: env.IP_BAN_DURATION_SECONDS,
    redisKeyPrefix: IP_BAN_REDIS_KEY_PREFIX,
  };
}
