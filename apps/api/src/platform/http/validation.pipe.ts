import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type InvalidParam } from './request-validation.errors.js';

/**
 * Rejects unknown fields (no mass assignment), wrong types and non-object bodies. The error lists
 * field paths and constraint messages, which never contain the submitted values: one per field,
 * the first check that fails in the order a field decorator applies them (`TextField`: a string,
 * then its length), since the checks after a failed one only repeat it.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const invalidParams = flatten(errors, '');
      return new RequestValidationError(
        invalidParams.map(({ name, reason }) => ({ name, reason })),
        invalidParams.filter((param) => param.unexpected).map((param) => param.name),
      );
    },
  });
}

// Names of unknown fields are the client's words: bounded in the answer and in the audit trail.
const MAX_NAME_LENGTH = 256;

// class-validator's constraint for a property the DTO does not declare (forbidNonWhitelisted).
const UNEXPECTED_PROPERTY = 'whitelistValidation';

function flatten(
  errors: readonly ValidationError[],
  parent: string,
): (InvalidParam & { unexpected: boolean })[] {
  return errors.flatMap((error) => {
    const name = (parent === '' ? error.property : `${parent}.${error.property}`).slice(
      0,
      MAX_NAME_LENGTH,
    );
    const own = Object.entries(error.constraints ?? {}).map(([constraint, reason]) => ({
      name,
      reason,
      unexpected: constraint === UNEXPECTED_PROPERTY,
    }));
    return own.concat(flatten(error.children ?? [], name));
  });
}
