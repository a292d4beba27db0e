import { AppError } from '../http/app-error.js';
import type { PasswordRejection } from '../passwords/password-policy.service.js';

/** Unknown e-mail or wrong password: one answer, so that login reveals no account. */
export class InvalidCredentialsError extends AppError {
  readonly code = 'ACCOUNTS.INVALID_CREDENTIALS';

  constructor() {
    super('Invalid e-mail or password');
  }
}

/** Too many failures for this e-mail address, whether or not an account has it. */
export class LoginLockedError extends AppError {
  readonly code = 'ACCOUNTS.LOGIN_LOCKED';

  constructor(readonly retryAfterSeconds: number) {
    super('Login locked after repeated failures');
  }
}

/** Told only to a caller who gave the right password, so it reveals nothing to others. */
export class EmailNotVerifiedError extends AppError {
  readonly code = 'ACCOUNTS.EMAIL_NOT_VERIFIED';

  constructor() {
    super('E-mail address not verified');
  }
}

/** A verification or reset token that is malformed, unknown, expired or already used. */
export class InvalidAccountTokenError extends AppError {
  readonly code = 'ACCOUNTS.INVALID_TOKEN';

  constructor() {
    super('Invalid, expired or used account token');
  }
}

export class PasswordRejectedError extends AppError {
  readonly code = 'ACCOUNTS.PASSWORD_REJECTED';

  constructor(readonly reasons: readonly PasswordRejection[]) {
    super(`Password rejected: ${reasons.join(', ')}`);
  }
}

export class CurrentPasswordIncorrectError extends AppError {
  readonly code = 'ACCOUNTS.CURRENT_PASSWORD_INCORRECT';

  constructor() {
    super('The current password given is not correct');
  }
}

/** The queue of mail work (registration, reset) is full: shed before anything is done. */
export class AccountWorkBusyError extends AppError {
  readonly code = 'ACCOUNTS.WORK_BUSY';
  readonly retryAfterSeconds = 5;

  constructor() {
    super('Account work queue is full');
  }
}

/** Unknown, expired or used MFA challenge: log in with the password again. */
export class InvalidMfaChallengeError extends AppError {
  readonly code = 'ACCOUNTS.INVALID_MFA_CHALLENGE';

  constructor() {
    super('Invalid, expired or used MFA challenge');
  }
}

/** Disabling the last second factor of a user whose role requires one. */
export class MfaRequiredByRoleError extends AppError {
  readonly code = 'ACCOUNTS.MFA_REQUIRED_BY_ROLE';

  constructor() {
    super('A role of this user requires MFA');
  }
}
