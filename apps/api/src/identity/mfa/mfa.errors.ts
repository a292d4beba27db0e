import { appError } from '../../platform/errors/app-error.js';

/** A second setup would silently replace the factor in use: disable MFA first. */
export class MfaAlreadyEnabledError extends appError({
  code: 'MFA.ALREADY_ENABLED',
  status: 409,
  type: 'mfa-already-enabled',
  title: 'MFA is already enabled.',
  detail: 'Disable it first to enrol another authenticator.',
}) {
  constructor() {
    super('MFA is already enabled for this user');
  }
}

export class MfaNotEnabledError extends appError({
  code: 'MFA.NOT_ENABLED',
  status: 409,
  type: 'mfa-not-enabled',
  title: 'MFA is not enabled.',
}) {
  constructor() {
    super('MFA is not enabled for this user');
  }
}

/** Confirmation without a started setup (never started, already confirmed, or disabled since). */
export class NoPendingMfaSetupError extends appError({
  code: 'MFA.NO_PENDING_SETUP',
  status: 409,
  type: 'no-pending-mfa-setup',
  title: 'No MFA setup is waiting for confirmation.',
  detail: 'Start a setup first; confirming it needs a code from the new secret.',
}) {
  constructor() {
    super('No MFA setup is waiting for confirmation');
  }
}

/** Wrong, malformed, expired or replayed: one answer, the reason is not told. */
export class InvalidMfaCodeError extends appError({
  code: 'MFA.INVALID_CODE',
  status: 401,
  type: 'invalid-mfa-code',
  title: 'The code is not valid.',
}) {
  constructor() {
    super('Invalid MFA code');
  }
}

/** Unknown, expired or used MFA challenge: log in with the password again. */
export class InvalidMfaChallengeError extends appError({
  code: 'ACCOUNTS.INVALID_MFA_CHALLENGE',
  status: 401,
  type: 'invalid-mfa-token',
  title: 'The MFA token is invalid, expired or already used. Log in again.',
}) {
  constructor() {
    super('Invalid, expired or used MFA challenge');
  }
}

/** Disabling the last second factor of a user whose role requires one. */
export class MfaRequiredByRoleError extends appError({
  code: 'ACCOUNTS.MFA_REQUIRED_BY_ROLE',
  status: 409,
  type: 'mfa-required-by-role',
  title: 'A role of this account requires MFA: it cannot be disabled.',
}) {
  constructor() {
    super('A role of this user requires MFA');
  }
}
