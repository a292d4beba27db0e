import type winston from 'winston';
import { createRedactor, type RedactionOptions } from '../redaction/redactor.js';
import { escapeControlChars } from './escape-control-chars.js';
import { fieldsFormat } from './fields.format.js';

/** Redacts secrets by key and by pattern and escapes control characters in every key and string of the record, in one walk. */
export function sanitiseFormat(options: RedactionOptions = {}): winston.Logform.Format {
  return fieldsFormat(createRedactor(options, escapeControlChars));
}
