import { AppError } from './app-error.js';

/** One offending field: its path and a reason that never echoes the submitted value. */
export interface InvalidParam {
  readonly name: string;
  readonly reason: string;
}

export class RequestValidationError extends AppError {
  readonly code = 'REQUEST.VALIDATION_FAILED';

  constructor(readonly invalidParams: readonly InvalidParam[]) {
    super('Request validation failed');
  }
}
