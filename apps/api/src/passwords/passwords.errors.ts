import { appError, type ProblemOccurrence } from '../http/app-error.js';

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
