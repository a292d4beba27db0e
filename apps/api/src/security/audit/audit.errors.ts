import { appError } from '../../platform/errors/app-error.js';

/**
 * The event could not be stored in `audit_events`; it was still written to the log stream. The
 * action fails rather than lose its record.
 */
export class AuditWriteError extends appError({ code: 'AUDIT.WRITE_FAILED', status: 500 }) {
  constructor(options: { cause: unknown }) {
    super('An audit event could not be stored', options);
  }
}
