import winston from 'winston';
import { LEVEL } from '../winston-symbols.js';

type Format = winston.Logform.Format;
type Fields = Record<string, unknown>;

const UNSERIALISABLE = '[log entry could not be serialised safely]';

/** Wraps a transformation of a whole record into a new one as a winston format that keeps winston's level key and never throws. */
export function fieldsFormat(transform: (fields: Fields) => unknown): Format {
  return winston.format((info) => {
    let result: unknown;
    try {
      result = transform(info);
    } catch {
      // A throwing format would throw into the caller's logger.info(): log a placeholder instead.
      result = {
        timestamp: info.timestamp,
        message: UNSERIALISABLE,
        service: info.service,
        env: info.env,
        version: info.version,
      };
    }
    // The transform returned a new object: completing it in place keeps the field order of a copy.
    const fields: Fields = isFields(result) ? result : {};
    return Object.assign(fields, {
      level: info.level,
      message: fields.message ?? '',
      [LEVEL]: info[LEVEL],
    });
  })();
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
