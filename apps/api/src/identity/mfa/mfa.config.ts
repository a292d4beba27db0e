import type { Env } from '../../platform/config/env.schema.js';
import type { Role } from '../users/user-role.entity.js';

export interface MfaConfig {
  /** Sensitive routes need a second factor proved within this many seconds. */
  readonly stepUpMaxAgeSeconds: number;
  /** Holders of these roles must enrol MFA before they can do anything else. */
  readonly requiredRoles: readonly Role[];
}

export function mfaConfigFrom(env: Env): MfaConfig {
  return {
    stepUpMaxAgeSeconds: env.MFA_STEP_UP_MAX_AGE_SECONDS,
    requiredRoles:
      env.MFA_REQUIRED_ROLES ??
      (env.NODE_ENV === 'production' ? ['user', 'auditor', 'admin'] : ['admin', 'auditor']),
  };
}
