import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';

/**
 * Every hashing slot and every queue place is taken: the caller is shed at once rather than
 * queued without bound, which would exhaust memory and stall the process under a login flood.
 * Which operation was busy is not the client's business.
 */
export class PasswordHashingBusyError extends appError({
  code: 'PASSWORDS.HASHING_BUSY',
  status: 503,
  detail: 'The server is busy. Retry after the delay in Retry-After.',
}) {
  constructor() {
    super('Password hashing is at capacity');
  }

  /** A hash takes tens of milliseconds: the queue has drained well within a second. */
  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: 1 };
  }
}

/**
 * PWNED_PASSWORDS_FAILURE=refuse and the breach lookup did not answer: a new password is neither
 * accepted unchecked nor blamed on its owner. The lookup is the server's problem, hence a 503.
 */
export class BreachCheckUnavailableError extends appError({
  code: 'PASSWORDS.BREACH_CHECK_UNAVAILABLE',
  status: 503,
  detail:
    'The server cannot accept a new password right now. Retry after the delay in Retry-After.',
}) {
  constructor(options?: ErrorOptions) {
    super('The breached-password lookup is unavailable', options);
  }

  /** Outages of a remote service last minutes, not milliseconds. */
  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: 30 };
  }
}
