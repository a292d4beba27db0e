import { escapeControlChars } from './formats/escape-control-chars.js';

/** One printable line about an error for an operator warning: its code (e.g. a TLS verification failure) and message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) {
    return 'unknown error';
  }
  const code = (error as NodeJS.ErrnoException).code;
  return escapeControlChars(code === undefined ? error.message : `${code}: ${error.message}`);
}
