import { AppError } from '../http/app-error.js';

/** The event could not be stored in `audit_events`; it was still written to the log stream. */
export class AuditWriteError extends AppError {
  readonly code = 'AUDIT.WRITE_FAILED';

  constructor(options: { cause: unknown }) {
    super('An audit event could not be stored', options);
  }
}
