import { appError, type ProblemOccurrence } from '../errors/app-error.js';

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
  /** `unexpectedFields`: fields the DTO does not declare (mass assignment), for the audit only. */
  constructor(
    readonly invalidParams: readonly InvalidParam[],
    readonly unexpectedFields: readonly string[] = [],
  ) {
    super('Request validation failed');
  }

  override occurrence(): ProblemOccurrence {
    return { extensions: { invalidParams: this.invalidParams } };
  }
}

/**
 * A body refused before validation: not UTF-8, nested too deep, too many keys or items, or a
 * string that is not well-formed Unicode. The detail names the bound, never the content.
 */
export class MalformedBodyError extends appError({
  code: 'REQUEST.MALFORMED_BODY',
  status: 400,
  type: 'malformed-body',
  title: 'The request body is not acceptable.',
}) {
  constructor(readonly reason: string) {
    super(reason);
  }

  override occurrence(): ProblemOccurrence {
    return { detail: this.reason };
  }
}
