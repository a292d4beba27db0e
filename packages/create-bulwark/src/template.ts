import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One file of the template, as tracked in Bulwark's repository. */
export interface TemplateFile {
  readonly path: string;
  readonly executable: boolean;
  /** UTF-8 text, or base64 when `binary`. */
  readonly content: string;
  readonly binary: boolean;
}

/**
 * The repository's files at one version of create-bulwark. Kept in one JSON file rather than a
 * directory: npm leaves `.gitignore` and `.npmrc` files out of packages and applies nested
 * `.gitignore` rules, and Vitest would run the template's own specs.
 */
export interface Template {
  readonly version: string;
  /** SHA-256 of the files (paths, modes and contents): the same version always has the same hash. */
  readonly hash: string;
  readonly files: readonly TemplateFile[];
}

/** Tracked paths that are Bulwark's own and never travel: the scaffolder itself and its tests. */
export const EXCLUDED_FROM_TEMPLATE: readonly RegExp[] = [
  /^packages\/create-bulwark\//,
  /^test\/create-bulwark\//,
];

/** The repository's tracked files (`git ls-files`: nothing ignored or generated) as a template. */
export function buildTemplate(repositoryRoot: string, version: string): Template {
  const listing = execFileSync('git', ['ls-files', '-z'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const paths = listing
    .split('\0')
    .filter((path) => path !== '' && !EXCLUDED_FROM_TEMPLATE.some((rule) => rule.test(path)))
    .sort();
  const files = paths.map((path): TemplateFile => {
    const absolute = join(repositoryRoot, path);
    const bytes = readFileSync(absolute);
    const binary = !isUtf8Text(bytes);
    return {
      path,
      executable: (statSync(absolute).mode & 0o111) !== 0,
      content: binary ? bytes.toString('base64') : bytes.toString('utf8'),
      binary,
    };
  });
  return { version, hash: hashFiles(files), files };
}

export function hashFiles(files: readonly TemplateFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file.path}\0${String(file.executable)}\0${String(file.binary)}\0`);
    hash.update(file.content);
    hash.update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

export function parseTemplate(json: string, origin: string): Template {
  const template = JSON.parse(json) as Template;
  if (typeof template.version !== 'string' || !Array.isArray(template.files)) {
    throw new Error(`${origin} is not a create-bulwark template`);
  }
  if (hashFiles(template.files) !== template.hash) {
    throw new Error(`${origin} does not match its recorded hash: it was altered or truncated`);
  }
  return template;
}

function isUtf8Text(bytes: Buffer): boolean {
  return !bytes.includes(0) && Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}
