import { AppError } from '../http/app-error.js';

/**
 * Every hashing slot and every queue place is taken: the caller is shed at once rather than
 * queued without bound, which would exhaust memory and stall the process under a login flood.
 */
export class PasswordHashingBusyError extends AppError {
  readonly code = 'PASSWORDS.HASHING_BUSY';
  /** A hash takes tens of milliseconds: the queue has drained well within a second. */
  readonly retryAfterSeconds = 1;

  constructor() {
    super('Password hashing is at capacity');
  }
}
