import { readFileSync } from 'node:fs';
import { LoggerConfigError } from '../logger-config.error.js';

/** Reads a PEM file named by an option at startup, so that a wrong path fails the boot, not the first log. */
export function readPemFile(option: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) {
    return undefined;
  }
  try {
    return readFileSync(path);
  } catch (error) {
    throw new LoggerConfigError(`${option}: cannot read ${path}`, { cause: error });
  }
}
