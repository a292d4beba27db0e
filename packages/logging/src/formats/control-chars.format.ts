import type winston from 'winston';
import { escapeControlCharsDeep } from './escape-control-chars.js';
import { fieldsFormat } from './fields.format.js';

/** Escapes control characters in every key and string of the record; runs after redaction, whose output is an acyclic plain tree. */
export function controlCharsFormat(): winston.Logform.Format {
  return fieldsFormat(escapeControlCharsDeep);
}
