import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDockerfile,
  COMMON_DOCKERFILE_RULES,
  contextSources,
  DOCKERFILE_RULES,
  parseDockerfile,
  type DockerfileRule,
} from '../src/dockerfile.js';
import { MUST_STAY_OUT, parseDockerIgnore } from '../src/dockerignore.js';
import { brokenRules, describeFindings } from '../src/findings.js';
import { readRepoFile, REPO_ROOT, repoPath } from '../src/repo.js';

const API_DOCKERFILE = readRepoFile('Dockerfile');
const RUNTIME_FROM =
  /^FROM gcr\.io\/distroless\/nodejs20-debian12:nonroot@sha256:[0-9a-f]{64} AS runtime$/m;

/** `mutate` turns the real Dockerfile into one that breaks `breaks` (and nothing else). */
interface Mutation {
  readonly name: string;
  readonly breaks: readonly DockerfileRule[];
  readonly mutate: (text: string) => string;
}

const replaceOrFail = (text: string, pattern: RegExp | string, replacement: string): string => {
  const changed = text.replace(pattern, replacement);
  if (changed === text) {
    throw new Error(`the mutation did not apply: ${String(pattern)}`);
  }
  return changed;
};

const MUTATIONS: readonly Mutation[] = [
  {
    name: 'a runtime base by tag only',
    breaks: ['base-pinned'],
    mutate: (text) =>
      replaceOrFail(
        text,
        RUNTIME_FROM,
        'FROM gcr.io/distroless/nodejs20-debian12:nonroot AS runtime',
      ),
  },
  {
    name: 'a base named by an ARG without a digest',
    breaks: ['base-pinned'],
    mutate: (text) =>
      `ARG BUILDER=node:20-bookworm-slim\n${replaceOrFail(text, /^FROM node:\S+ AS build$/m, 'FROM ${BUILDER} AS build')}`,
  },
  {
    name: 'a single stage that builds and runs',
    breaks: ['multi-stage', 'production-dependencies'],
    mutate: (text) =>
      replaceOrFail(
        text,
        /^FROM gcr\.io[\s\S]*$/m,
        'USER 10001:10001\nHEALTHCHECK CMD ["node", "healthcheck.mjs"]\nCMD ["node", "apps/api/dist/main.js"]\n',
      ),
  },
  {
    name: 'a deploy with the dev dependencies',
    breaks: ['production-dependencies'],
    mutate: (text) => replaceOrFail(text, 'deploy --prod /out', 'deploy /out'),
  },
  {
    name: "the build stage's whole node_modules in the runtime",
    breaks: ['production-dependencies'],
    mutate: (text) =>
      replaceOrFail(
        text,
        'COPY --from=build /out/node_modules',
        'COPY --from=build /src/node_modules',
      ),
  },
  {
    name: 'root (no USER)',
    breaks: ['non-root-user'],
    mutate: (text) => replaceOrFail(text, /^USER .*$/m, ''),
  },
  {
    name: 'a user by name (which may resolve to uid 0)',
    breaks: ['non-root-user'],
    mutate: (text) => replaceOrFail(text, /^USER .*$/m, 'USER nonroot'),
  },
  {
    name: 'uid 0',
    breaks: ['non-root-user'],
    mutate: (text) => replaceOrFail(text, /^USER .*$/m, 'USER 0:0'),
  },
  {
    name: 'a shell-form health check',
    breaks: ['healthcheck-exec'],
    mutate: (text) =>
      replaceOrFail(
        text,
        /CMD \["\/nodejs\/bin\/node", "\/app\/healthcheck.mjs"\]/,
        'CMD node /app/healthcheck.mjs',
      ),
  },
  {
    name: 'no health check',
    breaks: ['healthcheck-exec'],
    mutate: (text) => replaceOrFail(text, /^HEALTHCHECK[^\n]*\\\n[^\n]*\n/m, ''),
  },
  {
    name: 'a token as build argument',
    breaks: ['no-build-secrets'],
    mutate: (text) => replaceOrFail(text, 'ARG PNPM_VERSION', 'ARG NPM_TOKEN\nARG PNPM_VERSION'),
  },
  {
    name: 'a database URL with its password in ENV',
    breaks: ['no-build-secrets'],
    mutate: (text) =>
      replaceOrFail(
        text,
        'ENV NODE_ENV=production',
        'ENV DB=postgres://bulwark:hunter2@db/bulwark NODE_ENV=production',
      ),
  },
];

describe('the API image (Dockerfile)', () => {
  it('follows every Dockerfile rule', () => {
    const findings = checkDockerfile(API_DOCKERFILE, 'Dockerfile');
    expect(findings, describeFindings(findings)).toEqual([]);
  });

  it('runs as 10001, from a digest-pinned distroless Node 20 runtime', () => {
    const runtime = parseDockerfile(API_DOCKERFILE)
      .filter(({ keyword }) => keyword === 'FROM')
      .at(-1);
    expect(runtime?.args).toMatch(
      /^gcr\.io\/distroless\/nodejs20-debian12:nonroot@sha256:[0-9a-f]{64} AS runtime$/,
    );
    expect(API_DOCKERFILE).toMatch(/^USER 10001:10001$/m);
  });

  it('has a mutation breaking each rule', () => {
    expect(new Set(MUTATIONS.flatMap(({ breaks }) => breaks))).toEqual(new Set(DOCKERFILE_RULES));
  });

  it.each(MUTATIONS)('$name breaks $breaks', ({ mutate, breaks }) => {
    expect(brokenRules(checkDockerfile(mutate(API_DOCKERFILE), 'Dockerfile'))).toEqual(
      [...breaks].sort(),
    );
  });

  it('refuses what it cannot read the way Docker does (heredocs)', () => {
    expect(() => parseDockerfile('FROM scratch\nRUN <<EOF\necho hi\nEOF\n')).toThrow(/heredocs/);
  });
});

describe('the log collector image (infra/docker/rsyslog/Dockerfile)', () => {
  it('follows the rules every image follows', () => {
    const file = 'infra/docker/rsyslog/Dockerfile';
    const findings = checkDockerfile(readRepoFile(file), file, COMMON_DOCKERFILE_RULES);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});

describe('the build context (.dockerignore)', () => {
  const ignore = parseDockerIgnore(readRepoFile('.dockerignore'));

  it.each(MUST_STAY_OUT)('keeps %s out', (path) => {
    expect(ignore.excludes(path)).toBe(true);
  });

  it('lets in what the build reads: copied files, and the manifests, configs and sources of copied packages', () => {
    const sources = contextSources(API_DOCKERFILE);
    expect(sources).toContain('pnpm-lock.yaml');
    const inputs = sources.flatMap((source) => {
      const path = repoPath(source);
      if (!statSync(path).isDirectory()) {
        return [source];
      }
      const packageFiles = readdirSync(path).filter((name) =>
        /^(package|tsconfig[\w.]*)\.json$/.test(name),
      );
      return [
        ...packageFiles.map((name) => relative(REPO_ROOT, join(path, name))),
        ...filesUnder(join(path, 'src')).filter((file) => !file.endsWith('.spec.ts')),
      ];
    });
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((file) => ignore.excludes(file))).toEqual([]);
  });

  it('follows Docker: no implicit **/ prefix, the last match wins, and ! re-includes', () => {
    const rules = parseDockerIgnore(
      '.data\n*.pem\n!keep.pem\n**/test\n!apps/api/test/fixture.txt\n',
    );
    expect(rules.excludes('.data/secrets.json')).toBe(true);
    expect(rules.excludes('apps/api/.data/secrets.json')).toBe(false);
    expect(rules.excludes('key.pem')).toBe(true);
    expect(rules.excludes('keep.pem')).toBe(false);
    expect(rules.excludes('apps/key.pem')).toBe(false);
    expect(rules.excludes('apps/api/test/a.ts')).toBe(true);
    expect(rules.excludes('apps/api/test/fixture.txt')).toBe(false);
  });
});

/** Repository-relative paths of the files under the directory `path`, recursively. */
function filesUnder(path: string): string[] {
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(path, entry))
    .filter((entry) => statSync(entry).isFile())
    .map((entry) => relative(REPO_ROOT, entry));
}
