import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';
import {
  PASSWORD_MAX_LENGTH,
  type PasswordRejection,
} from '../../security/passwords/password-policy.service.js';

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

/** Lists, in its detail and its `reasons`, only the rules this password broke. */
export class PasswordRejectedError extends appError({
  code: 'ACCOUNTS.PASSWORD_REJECTED',
  status: 400,
  type: 'password-rejected',
  title: 'The password is not accepted.',
}) {
  private readonly detail: string;

  constructor(
    readonly reasons: readonly PasswordRejection[],
    minLength: number,
  ) {
    const detail = reasons.map((reason) => explain(reason, minLength)).join(' ');
    super(`Password rejected (${reasons.join(', ')}): ${detail}`);
    this.detail = detail;
  }

  override occurrence(): ProblemOccurrence {
    return { detail: this.detail, extensions: { reasons: this.reasons } };
  }
}

function explain(reason: PasswordRejection, minLength: number): string {
  switch (reason) {
    case 'too_short':
      return `It is shorter than ${String(minLength)} characters.`;
    case 'too_long':
      return `It is longer than ${String(PASSWORD_MAX_LENGTH)} characters.`;
    case 'breached':
      return 'It is a common password, or one seen in a data breach.';
    case 'contains_email':
      return 'It contains the e-mail address or a part of it.';
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
