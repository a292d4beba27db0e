import type { Env } from '../../platform/config/env.schema.js';
import type { RateLimitName, RateLimitSize } from './throttling.policies.js';

export interface ThrottlingConfig {
  readonly limits: Readonly<Record<RateLimitName, RateLimitSize>>;
  /** Every Redis key of the limiter starts with it; tests give each application its own. */
  readonly redisKeyPrefix: string;
}

export const THROTTLE_REDIS_KEY_PREFIX = 'bulwark:throttle:';

export function throttlingConfigFrom(env: Env): ThrottlingConfig {
  return {
    limits: {
      default: env.THROTTLE_DEFAULT,
      login: env.THROTTLE_LOGIN,
      register: env.THROTTLE_REGISTER,
      'password-forgot': env.THROTTLE_PASSWORD_FORGOT,
      'password-reset': env.THROTTLE_PASSWORD_RESET,
      'mfa-verify': env.THROTTLE_MFA_VERIFY,
      refresh: env.THROTTLE_REFRESH,
    },
    redisKeyPrefix: THROTTLE_REDIS_KEY_PREFIX,
  };
}
