import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { RequestValidationError, type InvalidParam } from './request-validation.errors.js';

/**
 * Rejects unknown fields (no mass assignment), wrong types and non-object bodies. The error lists
 * field paths and constraint messages, which never contain the submitted values.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors, '')),
  });
}

// Names of unknown fields are the client's words: bounded in the answer and in the audit trail.
const MAX_NAME_LENGTH = 256;

function flatten(errors: readonly ValidationError[], parent: string): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = (parent === '' ? error.property : `${parent}.${error.property}`).slice(
      0,
      MAX_NAME_LENGTH,
    );
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return own.concat(flatten(error.children ?? [], name));
  });
}
