import type winston from 'winston';
import { createRedactor, type RedactionOptions } from '../redaction/redactor.js';
import { fieldsFormat } from './fields.format.js';

/** Redacts secrets by key and by pattern from every field of the record. */
export function redactionFormat(options: RedactionOptions = {}): winston.Logform.Format {
  return fieldsFormat(createRedactor(options));
}
