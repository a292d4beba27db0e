import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { ConfigError } from './config.errors.js';

/** What a secret file that others could read costs: the boot in production, a warning elsewhere. */
export interface SecretFilePolicy {
  readonly production: boolean;
  readonly warn: (message: string) => void;
}

/**
 * Whether a file of `owner` and `mode` lets anyone but the API (user `uid`) read it, by PostgreSQL's
 * rule for its own key: private to the API's user, or owned by root and at most group-readable,
 * which is how Kubernetes (`fsGroup`) and `root:<service group>` 0640 files grant access.
 */
export function exposedBeyondApi(owner: number, mode: number, uid: number): boolean {
  return (mode & (owner === 0 && uid !== 0 ? 0o037 : 0o077)) !== 0;
}

/** Reads a file holding a secret, once, and refuses or reports it when others may read it (ASVS 13.3.2). */
export function readSecretFile(path: string, variable: string, policy: SecretFilePolicy): Buffer {
  let content: Buffer;
  let owner: number;
  let mode: number;
  try {
    // One descriptor for the check and the read: the file cannot be swapped in between.
    const fd = openSync(path, 'r');
    try {
      ({ uid: owner, mode } = fstatSync(fd));
      content = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path} (${errorCode(error)})`]);
  }
  // Undefined on Windows, which has no POSIX modes to judge.
  const uid = process.getuid?.();
  if (uid !== undefined && exposedBeyondApi(owner, mode, uid)) {
    const problem = `${variable}: ${path} is readable by others than the API (mode ${(mode & 0o777).toString(8)}, owner ${owner}); chmod 600, or 640 when root owns it`;
    if (policy.production) {
      throw new ConfigError([problem]);
    }
    policy.warn(problem);
  }
  return content;
}

/**
 * Lets every variable in `names` come from a mounted file (ASVS 13.3.1): `<NAME>_FILE` names the
 * file, read once here, and NAME takes its content without the trailing newline. Setting both is
 * refused, so that nobody wonders which one wins.
 */
export function withSecretFiles(
  source: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
  policy: SecretFilePolicy,
): Record<string, string | undefined> {
  const env = { ...source };
  const problems: string[] = [];
  for (const name of names) {
    const path = source[`${name}_FILE`];
    if (path === undefined) {
      continue;
    }
    // Read here once: nothing after this sees the path, nor reads the file again.
    env[`${name}_FILE`] = undefined;
    if (source[name] !== undefined) {
      problems.push(`${name}, ${name}_FILE: set one, not both`);
      continue;
    }
    try {
      env[name] = withoutTrailingNewline(readSecretFile(path, `${name}_FILE`, policy).toString());
    } catch (error) {
      if (!(error instanceof ConfigError)) {
        throw error;
      }
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return env;
}

// What `echo value > file` and most secret stores leave at the end; one, so nothing else is lost.
function withoutTrailingNewline(text: string): string {
  if (text.endsWith('\r\n')) {
    return text.slice(0, -2);
  }
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

// ENOENT, EACCES, EISDIR…: says what to fix without the OS's sentence.
function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
}
