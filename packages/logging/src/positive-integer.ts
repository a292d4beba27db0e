import { LoggerConfigError } from './logger-config.error.js';

/** Returns `value` (or `fallback` when absent) if it is a positive safe integer; otherwise fails the configuration. */
export function positiveInteger(
  option: string,
  value: number | undefined,
  fallback: number,
): number {
  const resolved = value ?? fallback;
  if (!Number.isSafeInteger(resolved) || resolved < 1) {
    throw new LoggerConfigError(`${option} must be a positive integer`);
  }
  return resolved;
}
