import { SetMetadata } from '@nestjs/common';

export const ALLOWED_DURING_MFA_ENROLMENT = 'bulwark:allowed-during-mfa-enrolment';
export const REQUIRES_RECENT_MFA = 'bulwark:requires-recent-mfa';

/**
 * `if-enrolled`: users with MFA must have proved it recently; users without have nothing to prove.
 * `always`: MFA must be enabled and proved recently (permission-gated routes).
 */
export type RecentMfaPolicy = 'if-enrolled' | 'always';

/** One of the few routes a user who must enrol MFA (their role requires it) may reach. */
export const AllowedDuringMfaEnrolment = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_DURING_MFA_ENROLMENT, true);

/**
 * Step-up: a user with MFA must have proved a second factor in this session within
 * MFA_STEP_UP_MAX_AGE_SECONDS (POST /auth/mfa/step-up renews it).
 */
export const RequiresRecentMfa = (): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRES_RECENT_MFA, 'if-enrolled' satisfies RecentMfaPolicy);
