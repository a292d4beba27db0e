import { appError } from '../../platform/errors/app-error.js';

/** The caller's role requires MFA and none is enrolled: only enrolment routes answer. */
export class MfaEnrolmentRequiredError extends appError({
  code: 'AUTH.MFA_ENROLMENT_REQUIRED',
  status: 403,
  type: 'mfa-enrolment-required',
  title: 'Your role requires MFA: enrol before anything else.',
  detail: 'POST /auth/mfa/totp/setup, then POST /auth/mfa/totp/confirm.',
}) {
  constructor() {
    super('MFA enrolment required before this route');
  }
}

/** A sensitive route, and no second factor proved recently enough in this session. */
export class StepUpRequiredError extends appError({
  code: 'AUTH.STEP_UP_REQUIRED',
  status: 403,
  type: 'step-up-required',
  title: 'This action needs a recent second factor.',
  detail: 'POST a current code to /auth/mfa/step-up, then retry.',
}) {
  constructor() {
    super('A recent second factor is required');
  }
}

/**
 * The route changes a factor or ends sessions, and this session has proved no factor recently: a
 * stolen access token alone must not be enough (ASVS 7.5.1, 7.5.2).
 */
export class ReauthenticationRequiredError extends appError({
  code: 'AUTH.REAUTHENTICATION_REQUIRED',
  status: 403,
  type: 'reauthentication-required',
  title: 'This action needs you to prove who you are again.',
  detail:
    'POST your password to /auth/reauthenticate, or a current code to /auth/mfa/step-up, then retry with the new access token.',
}) {
  constructor() {
    super('No factor proved recently enough in this session');
  }
}

/** The caller's roles do not grant a permission the route requires. */
export class PermissionDeniedError extends appError({
  code: 'AUTH.PERMISSION_DENIED',
  status: 403,
  type: 'permission-denied',
  title: 'Your roles do not allow this action.',
}) {
  constructor() {
    super('The caller lacks a permission this route requires');
  }
}
