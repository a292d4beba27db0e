import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';

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
