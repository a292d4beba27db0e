import winston from 'winston';
import { STANDARD_FIELDS } from '../record.js';

// The line's prefix, or the same on every line of the process.
const HEADER_FIELDS = new Set<string>(STANDARD_FIELDS);

/** Human-readable lines for a developer's terminal: `time level message {other fields}`. */
export function prettyFormat(): winston.Logform.Format {
  return winston.format.combine(
    winston.format.colorize(),
    winston.format.printf((info) => {
      const fields = Object.fromEntries(
        Object.entries(info).filter(([key]) => !HEADER_FIELDS.has(key)),
      );
      const details = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
      return `${String(info.timestamp)} ${info.level} ${String(info.message)}${details}`;
    }),
  );
}
