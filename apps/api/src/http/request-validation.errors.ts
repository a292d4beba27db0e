import { appError, type ProblemOccurrence } from './app-error.js';

/** One offending field: its path and a reason that never echoes the submitted value. */
export interface InvalidParam {
  readonly name: string;
  readonly reason: string;
}

export class RequestValidationError extends appError({
  code: 'REQUEST.VALIDATION_FAILED',
  status: 400,
  type: 'validation-failed',
  title: 'The request is not valid.',
  detail: 'See invalidParams for the fields to correct.',
}) {
  constructor(readonly invalidParams: readonly InvalidParam[]) {
    super('Request validation failed');
  }

  override occurrence(): ProblemOccurrence {
    return { extensions: { invalidParams: this.invalidParams } };
  }
}
