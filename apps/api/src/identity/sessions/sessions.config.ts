import type { Env } from '../../platform/config/env.schema.js';

export interface SessionsConfig {
  readonly idleTimeoutSeconds: number;
  readonly absoluteLifetimeSeconds: number;
  /** Live sessions a user may hold; a new one ends the least recently used beyond it. */
  readonly maxPerUser: number;
  /** How recent a proof of a factor must be for the routes that need re-authentication. */
  readonly reauthenticationMaxAgeSeconds: number;
}

export function sessionsConfigFrom(env: Env): SessionsConfig {
  return {
    idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS,
    absoluteLifetimeSeconds: env.SESSION_ABSOLUTE_LIFETIME_SECONDS,
    maxPerUser: env.SESSION_MAX_PER_USER,
    reauthenticationMaxAgeSeconds: env.REAUTHENTICATION_MAX_AGE_SECONDS,
  };
}

export function sessionsConfigViolations(env: Env): string[] {
  const violations: string[] = [];
  if (env.SESSION_ABSOLUTE_LIFETIME_SECONDS < env.SESSION_IDLE_TIMEOUT_SECONDS) {
    violations.push(
      'SESSION_ABSOLUTE_LIFETIME_SECONDS: must be at least SESSION_IDLE_TIMEOUT_SECONDS',
    );
  }
  // A live session is checked by revocation and absolute expiry only: an access token must not
  // outlive the idle timeout of the session that issued it.
  if (env.SESSION_IDLE_TIMEOUT_SECONDS < env.ACCESS_TOKEN_TTL_SECONDS) {
    violations.push('SESSION_IDLE_TIMEOUT_SECONDS: must be at least ACCESS_TOKEN_TTL_SECONDS');
  }
  return violations;
}
