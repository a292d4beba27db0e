import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

// Never walked: dependencies, build output, local state.
const SKIPPED_DIRS = new Set(['.git', 'node_modules', 'dist', 'coverage', '.data']);
const TEST_FILE = /\.(e2e-)?spec\.ts$/;

/** The repository as the docs see it: which paths exist, and what the test files say. */
export class Repo {
  readonly topLevel: ReadonlySet<string>;
  readonly testFiles: readonly string[];
  private readonly ignored: { names: string[]; suffixes: string[]; prefixes: string[] };
  private readonly sources = new Map<string, string>();

  constructor(readonly root: string = REPO_ROOT) {
    this.ignored = gitIgnored(root);
    this.topLevel = new Set(
      readdirSync(root).filter((name) => !SKIPPED_DIRS.has(name) && !this.isIgnored(name)),
    );
    // This suite's fixtures quote names that must not be found anywhere.
    this.testFiles = walk(root, '').filter(
      (path) => TEST_FILE.test(path) && !path.startsWith('test/docs/'),
    );
  }

  /** Paths git ignores (build output, local state, generated secrets) are never checked. */
  isIgnored(path: string): boolean {
    const segments = path.split('/').filter((segment) => segment !== '');
    return (
      segments.some(
        (segment) =>
          this.ignored.names.includes(segment) ||
          this.ignored.suffixes.some((suffix) => segment.endsWith(suffix)),
      ) || this.ignored.prefixes.some((prefix) => `${path}/`.startsWith(prefix))
    );
  }

  /** Whether a path from the root exists; `*` matches any name within one segment. */
  exists(path: string): boolean {
    const segments = path.split('/').filter((segment) => segment !== '');
    let candidates = [''];
    for (const segment of segments) {
      const next: string[] = [];
      for (const dir of candidates) {
        if (!segment.includes('*')) {
          const candidate = dir === '' ? segment : `${dir}/${segment}`;
          if (existsSync(join(this.root, candidate))) {
            next.push(candidate);
          }
          continue;
        }
        const pattern = new RegExp(`^${segment.split('*').map(escapeRegExp).join('[^/]*')}$`);
        for (const name of safeReaddir(join(this.root, dir))) {
          if (pattern.test(name)) {
            next.push(dir === '' ? name : `${dir}/${name}`);
          }
        }
      }
      candidates = next;
    }
    return candidates.length > 0;
  }

  read(path: string): string {
    let source = this.sources.get(path);
    if (source === undefined) {
      source = readFileSync(join(this.root, path), 'utf8');
      this.sources.set(path, source);
    }
    return source;
  }

  /** Whether `name` is a string literal of the test file, or of any test file without one. */
  hasTestName(name: string, file?: string): boolean {
    const files = file === undefined ? this.testFiles : [file];
    return files.some((path) => isLiteralOf(this.read(path), name));
  }
}

/** True when the source holds `name` as a whole string literal, in any quotes, escaped as written. */
export function isLiteralOf(source: string, name: string): boolean {
  return ["'", '"', '`'].some((quote) => {
    const escaped = name.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
    return (
      source.includes(`${quote}${name}${quote}`) || source.includes(`${quote}${escaped}${quote}`)
    );
  });
}

function walk(root: string, dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return SKIPPED_DIRS.has(entry.name) ? [] : walk(root, path);
    }
    return [path];
  });
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** The simple patterns of the root .gitignore: names, `*.suffix` and paths from the root. */
function gitIgnored(root: string): { names: string[]; suffixes: string[]; prefixes: string[] } {
  const patterns = readFileSync(join(root, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
  const names: string[] = [];
  const suffixes: string[] = [];
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    const bare = pattern.replace(/\/$/, '');
    if (bare.startsWith('*.')) {
      suffixes.push(bare.slice(1));
    } else if (bare.includes('/')) {
      prefixes.push(`${bare.replace(/^\//, '')}/`);
    } else {
      names.push(bare);
    }
  }
  return { names, suffixes, prefixes };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
