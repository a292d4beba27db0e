/**
 * .dockerignore as Docker reads it (moby's patternmatcher): patterns relative to the context root,
 * no implicit `**\/` prefix (unlike .gitignore), `!` re-includes, the last matching pattern wins,
 * and a pattern that matches a directory matches everything below it.
 */
interface Pattern {
  readonly exclude: boolean;
  readonly regex: RegExp;
}

export interface DockerIgnore {
  /** Whether `path` (relative to the context root, `/`-separated) is left out of the context. */
  excludes(path: string): boolean;
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns: Pattern[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exclude = !line.startsWith('!');
      const body = clean(exclude ? line : line.slice(1).trim());
      return { exclude, regex: globToRegex(body) };
    });
  return {
    excludes(path: string): boolean {
      const parts = clean(path).split('/');
      const candidates = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
      let excluded = false;
      for (const pattern of patterns) {
        if (candidates.some((candidate) => pattern.regex.test(candidate))) {
          excluded = pattern.exclude;
        }
      }
      return excluded;
    },
  };
}

/** Go's filepath.Clean for the relative, slash-separated paths used here. */
function clean(path: string): string {
  const parts: string[] = [];
  for (const part of path.replace(/^\/+/, '').split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** A glob as a regular expression over `/`-separated paths (`**` spans directories). */
export function globToRegex(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob.charAt(index);
    if (char === '*' && glob.charAt(index + 1) === '*') {
      index += 1;
      if (glob.charAt(index + 1) === '/') {
        index += 1;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = glob.indexOf(']', index);
      if (end === -1) {
        source += '\\[';
      } else {
        source += glob.slice(index, end + 1).replace(/^\[!/, '[^');
        index = end;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      source += escapeRegex(glob.charAt(index));
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegex(char: string): string {
  return /[.+^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}

/** Paths that must never reach the build context: local state, secrets, keys, tests, dependencies. */
export const MUST_STAY_OUT = [
  '.data/pglite/PG_VERSION',
  'apps/api/.data/secrets.json',
  'apps/api/.data/jwt/dev1.pem',
  'apps/api/.data/outbox/message.eml',
  '.env',
  '.env.local',
  'apps/api/.env.production',
  'infra/docker/.secrets/ca-key',
  'infra/docker/.secrets/database-url',
  'apps/api/src/platform/tls/server.key',
  'apps/api/src/platform/tls/server.pem',
  'apps/api/test/boot.e2e-spec.ts',
  'apps/api/src/app.config.spec.ts',
  'packages/logging/test/syslog-tls.transport.spec.ts',
  'test/supply-chain/package.json',
  'node_modules/.pnpm/lock.yaml',
  'apps/api/node_modules/.bin/tsc',
  'apps/api/dist/main.js',
  '.git/HEAD',
] as const;
