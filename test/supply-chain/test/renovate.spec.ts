import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { globToRegex } from '../src/dockerignore.js';
import { brokenRules, describeFindings } from '../src/findings.js';
import { checkRenovateConfig, RENOVATE_RULES, type RenovateRule } from '../src/renovate-rules.js';
import { readRepoFile, repoPath } from '../src/repo.js';
import { asArray, asRecord, strings, type Json } from '../src/values.js';

const FILE = '.github/renovate.json';
const VALIDATOR = repoPath(
  'test',
  'supply-chain',
  'node_modules',
  '.bin',
  'renovate-config-validator',
);
const config = (): Json => asRecord(JSON.parse(readRepoFile(FILE)) as unknown);
const scratch = mkdtempSync(join(tmpdir(), 'bulwark-renovate-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The real `renovate-config-validator --strict` on `file` as repository config: its exit status. */
async function validate(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(VALIDATOR, ['--strict', '--no-global', file], {
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? -1, output: failure.stdout ?? '' };
  }
}

function writeConfig(name: string, content: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(content, null, 2));
  return file;
}

const rulesOf = (root: Json): Json[] => asArray(root.packageRules).map(asRecord);

const MUTATIONS: readonly { name: string; breaks: RenovateRule; mutate: (root: Json) => void }[] = [
  {
    name: 'config:recommended instead of best practices',
    breaks: 'best-practices',
    mutate: (root) => {
      root.extends = strings(root.extends).map((preset) =>
        preset === 'config:best-practices' ? 'config:recommended' : preset,
      );
    },
  },
  {
    name: 'automerge of major updates',
    breaks: 'automerge-scope',
    mutate: (root) => {
      const automerge = rulesOf(root).find((rule) => rule.automerge === true);
      if (automerge !== undefined) {
        automerge.matchUpdateTypes = ['patch', 'minor', 'major'];
      }
    },
  },
  {
    name: 'automerge of production dependencies',
    breaks: 'automerge-scope',
    mutate: (root) => {
      root.packageRules = [
        ...rulesOf(root),
        { matchDepTypes: ['dependencies'], matchUpdateTypes: ['patch'], automerge: true },
      ];
    },
  },
  {
    name: 'npm updates a day old',
    breaks: 'release-age',
    mutate: (root) => {
      root.packageRules = [
        ...rulesOf(root),
        { matchDatasources: ['npm'], minimumReleaseAge: '1 day' },
      ];
    },
  },
  {
    name: 'security updates held like the others',
    breaks: 'security-updates',
    mutate: (root) => {
      asRecord(root.vulnerabilityAlerts).minimumReleaseAge = '3 days';
    },
  },
  {
    name: 'no dashboard',
    breaks: 'dashboard',
    mutate: (root) => {
      root.extends = strings(root.extends).filter((preset) => preset !== ':dependencyDashboard');
    },
  },
];

describe('the Renovate config (.github/renovate.json)', () => {
  it('passes renovate-config-validator --strict', async () => {
    const { code, output } = await validate(repoPath(FILE));
    expect(code, output).toBe(0);
    expect(output).toMatch(/Config validated successfully/);
  });

  it('the validator refuses an unknown option, and a config that needs migrating', async () => {
    const [unknown, outdated] = await Promise.all([
      validate(writeConfig('unknown.json', { ...config(), automergeEverything: true })),
      validate(writeConfig('outdated.json', { ...config(), stabilityDays: 3 })),
    ]);
    expect(unknown.code).not.toBe(0);
    expect(outdated.code).not.toBe(0);
    expect(outdated.output).toMatch(/migration/i);
  });

  it("meets the issue's requirements", () => {
    const findings = checkRenovateConfig(config(), FILE);
    expect(findings, describeFindings(findings)).toEqual([]);
  });

  it('has a mutation breaking each requirement', () => {
    expect(new Set(MUTATIONS.map(({ breaks }) => breaks))).toEqual(new Set(RENOVATE_RULES));
  });

  it.each(MUTATIONS)('$name breaks $breaks', ({ mutate, breaks }) => {
    const root = config();
    mutate(root);
    expect(brokenRules(checkRenovateConfig(root, FILE))).toEqual([breaks]);
  });

  it('watches every workspace manifest and skips the fixtures', () => {
    const ignored = strings(config().ignorePaths).map(globToRegex);
    const isIgnored = (path: string): boolean => ignored.some((pattern) => pattern.test(path));
    const manifests = ['package.json', 'bench/package.json', 'test/supply-chain/package.json'];
    for (const dir of ['apps', 'packages']) {
      manifests.push(...readdirSync(repoPath(dir)).map((name) => `${dir}/${name}/package.json`));
    }
    expect(manifests.filter(isIgnored)).toEqual([]);
    expect(isIgnored('test/supply-chain/fixtures/workflows/valid.yml')).toBe(true);
  });
});
