import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';
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
