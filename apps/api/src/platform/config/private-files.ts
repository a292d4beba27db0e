import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from './config.errors.js';

/** Reads a file an operator named in `variable`; the failure names the variable, not the OS error. */
export function readConfiguredFile(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new ConfigError([`${variable}: cannot be read`]);
  }
}

/** Writes key material as the API keeps it: directory 0700, file 0600. */
export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600 });
}
