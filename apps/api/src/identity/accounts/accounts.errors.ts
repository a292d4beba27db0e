import { appError, type ProblemOccurrence } from '../../platform/http/app-error.js';
import type { PasswordRejection } from '../../security/passwords/password-policy.service.js';

const BUSY = 'The server is busy. Retry after the delay in Retry-After.';

/** Unknown e-mail or wrong password: one answer, so that login reveals no account. */
export class InvalidCredentialsError extends appError({
  code: 'ACCOUNTS.INVALID_CREDENTIALS',
  status: 401,
  type: 'invalid-credentials',
  title: 'The e-mail address or the password is not correct.',
}) {
  constructor() {
    super('Invalid e-mail or password');
  }
}

/** Too many failures for this e-mail address, whether or not an account has it. */
export class LoginLockedError extends appError({
  code: 'ACCOUNTS.LOGIN_LOCKED',
  status: 429,
  type: 'too-many-attempts',
  title: 'Too many failed attempts.',
  detail: 'Retry after the delay in Retry-After.',
}) {
  constructor(readonly retryAfterSeconds: number) {
    super('Login locked after repeated failures');
  }

  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** Told only to a caller who gave the right password, so it reveals nothing to others. */
export class EmailNotVerifiedError extends appError({
  code: 'ACCOUNTS.EMAIL_NOT_VERIFIED',
  status: 403,
  type: 'email-not-verified',
  title: 'The e-mail address is not verified yet.',
  detail:
    'Follow the link in the verification mail; registering again mails a link to choose the password.',
}) {
  constructor() {
    super('E-mail address not verified');
  }
}

/** A verification or reset token that is malformed, unknown, expired or already used. */
export class InvalidAccountTokenError extends appError({
  code: 'ACCOUNTS.INVALID_TOKEN',
  status: 400,
  type: 'invalid-token',
  title: 'The token is invalid, expired or already used.',
}) {
  constructor() {
    super('Invalid, expired or used account token');
  }
}

export class PasswordRejectedError extends appError({
  code: 'ACCOUNTS.PASSWORD_REJECTED',
  status: 400,
  type: 'password-rejected',
  title: 'The password is not accepted.',
  detail:
    'See reasons: too_short, too_long, breached (a common password, or one seen in a data breach), contains_email.',
}) {
  constructor(readonly reasons: readonly PasswordRejection[]) {
    super(`Password rejected: ${reasons.join(', ')}`);
  }

  override occurrence(): ProblemOccurrence {
    return { extensions: { reasons: this.reasons } };
  }
}

export class CurrentPasswordIncorrectError extends appError({
  code: 'ACCOUNTS.CURRENT_PASSWORD_INCORRECT',
  status: 400,
  type: 'current-password-incorrect',
  title: 'The current password is not correct.',
}) {
  constructor() {
    super('The current password given is not correct');
  }
}

/** The queue of mail work (registration, reset) is full: shed before anything is done. */
export class AccountWorkBusyError extends appError({
  code: 'ACCOUNTS.WORK_BUSY',
  status: 503,
  detail: BUSY,
}) {
  constructor() {
    super('Account work queue is full');
  }

  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: 5 };
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
