import { appError } from '../errors/app-error.js';

/**
 * A recipient that is not exactly one address, or a subject with a line break (header
 * injection). Callers validate input first, so reaching this is a programming fault.
 */
export class InvalidMailMessageError extends appError({
  code: 'MAIL.INVALID_MESSAGE',
  status: 500,
}) {
  constructor(readonly field: 'to' | 'subject') {
    super(`Refused a mail message: invalid ${field}`);
  }
}
