import type { Env } from '../../platform/config/env.schema.js';

/** Failures before a lock, the first lock's length, and the cap its doubling stops at. */
export interface LockoutConfig {
  readonly threshold: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export function lockoutConfigFrom(env: Env): LockoutConfig {
  return {
    threshold: env.LOGIN_LOCKOUT_THRESHOLD,
    baseSeconds: env.LOGIN_LOCKOUT_BASE_SECONDS,
    maxSeconds: env.LOGIN_LOCKOUT_MAX_SECONDS,
  };
}

export function lockoutConfigViolations(env: Env): string[] {
  return env.LOGIN_LOCKOUT_MAX_SECONDS < env.LOGIN_LOCKOUT_BASE_SECONDS
    ? ['LOGIN_LOCKOUT_MAX_SECONDS: must be at least LOGIN_LOCKOUT_BASE_SECONDS']
    : [];
}
