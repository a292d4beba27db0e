import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAsvsMap } from '../src/asvs.js';
import { checkDocument, type Problem } from '../src/citations.js';
import {
  checkCommands,
  cliCommandsOfParagraph,
  readCommands,
  type Commands,
} from '../src/commands.js';
import { Repo } from '../src/repo.js';
import { checkTables } from '../src/tables.js';

const repo = new Repo();
const commands = readCommands(repo);
const ASVS = 'docs/security/asvs.md';

/** The README and every Markdown file under docs/, as paths from the root. */
function documents(): string[] {
  const docs = readdirSync(join(repo.root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => `docs/${path.split('\\').join('/')}`);
  return ['README.md', ...docs.sort()];
}

const read = (path: string): string => readFileSync(join(repo.root, path), 'utf8');
const lines = (problems: readonly Problem[]): string[] =>
  problems.map(({ file, line, message }) => `${file}:${line}: ${message}`);

describe('the documentation', () => {
  it.each(documents())('%s cites only paths, test names and links that exist', (path) => {
    expect(lines(checkDocument(repo, path, read(path)))).toEqual([]);
  });

  it.each(documents())('%s has tables that render whole', (path) => {
    expect(lines(checkTables(path, read(path)))).toEqual([]);
  });

  it.each(documents())('%s runs only scripts and CLI commands that exist', (path) => {
    expect(lines(checkCommands(commands, path, read(path)))).toEqual([]);
  });

  it('tells which CLI commands need the server stopped on the embedded database', () => {
    const named = cliCommandsOfParagraph(read('README.md'), 'One process per embedded database.');
    expect(new Set(named)).toEqual(commands.databaseCommands);
  });

  it('covers the security maps', () => {
    expect(documents()).toEqual(
      expect.arrayContaining(['docs/security/controls.md', ASVS, 'docs/security/cryptography.md']),
    );
  });
});

describe('the ASVS map', () => {
  it('gives every requirement a status and a reason, and counts them right', () => {
    const map = readAsvsMap(ASVS, read(ASVS));
    expect(lines(map.problems)).toEqual([]);
    expect(map.requirements.length).toBeGreaterThan(0);
    // A claim is met or a reasoned deviation; "in progress" is not a status the map may keep.
    expect(map.inProgress.map((requirement) => requirement.id)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const drifted = [
    '| requirement | code | test |',
    '| --- | --- | --- |',
    '| gone | `apps/api/src/config/dev-secrets.ts` | `apps/api/test/jwks.e2e-spec.ts` "publishes the keys" |',
    '| relative | `src/http/security-headers.ts` | "no test has this name" |',
    '',
    'See [the old runbook](runbooks/no-such-runbook.md) and [a heading](logging.md#no-such-heading).',
    'A fenced block is not cited:',
    '```',
    '`apps/api/src/no-such-file.ts`',
    '```',
  ].join('\n');

  it('reports a deleted file, a renamed test, a path not from the root and broken links', () => {
    expect(lines(checkDocument(repo, 'docs/drifted.md', drifted))).toEqual([
      'docs/drifted.md:3: `apps/api/src/config/dev-secrets.ts` does not exist',
      'docs/drifted.md:4: `src/http/security-headers.ts`: cite paths from the repository root',
      'docs/drifted.md:3: test "publishes the keys" is not in apps/api/test/jwks.e2e-spec.ts',
      'docs/drifted.md:4: test "no test has this name" is not in any test file',
      'docs/drifted.md:6: link runbooks/no-such-runbook.md: no such file',
      'docs/drifted.md:6: link logging.md#no-such-heading: no such heading',
    ]);
  });

  it('reads an exact test name, with its placeholders, as the test file writes it', () => {
    const cited = [
      '| test |',
      '| --- |',
      '| `apps/api/test/jwks.e2e-spec.ts` "publishes the verification keys, cacheable, without any private part" |',
      '| `apps/api/test/sessions.e2e-spec.ts` "refuses %s" |',
    ].join('\n');
    expect(lines(checkDocument(repo, 'docs/cited.md', cited))).toEqual([]);
  });

  it('reports a table broken by a blank line, and rows of the wrong width', () => {
    const broken = [
      '| variable | default |',
      '| --- | --- |',
      '| `PORT` | `3000` |',
      '| `HOST` | `127.0.0.1` | extra |',
      '',
      '| `DATA_DIR` | `.data` |',
      '| `LOG_LEVEL` |',
    ].join('\n');
    expect(lines(checkTables('docs/broken.md', broken))).toEqual([
      'docs/broken.md:4: a row of 3 cells in a table of 2',
      'docs/broken.md:6: a table row outside any table: a blank line or a line that is not a row ends the table above',
    ]);
  });

  it('reports scripts, packages and CLI commands that do not exist', () => {
    const known: Commands = {
      rootScripts: new Set(['dev', 'cli', 'bench']),
      packageScripts: new Map([['@bulwark/bench', new Set(['bench', 'bench:load'])]]),
      cliCommands: new Set(['db:migrate']),
      databaseCommands: new Set(['db:migrate']),
    };
    const readme = [
      '| command | what it does |',
      '| --- | --- |',
      '| `pnpm dev` / `pnpm start` | |',
      '| `pnpm --filter @bulwark/bench bench:load`, `pnpm --filter @bulwark/bench bench:gone` | |',
      '| `pnpm --filter @bulwark/nope bench` | |',
      '| `pnpm cli <command>` | (`pnpm cli --help`): `db:migrate`, `db:vanished` |',
      '',
      '```sh',
      'npm install --global pnpm@12.4.2 && pnpm install && pnpm dev   # then pnpm gone',
      'pnpm cli db:migrate && pnpm cli admin:create --email you@example.com',
      '```',
    ].join('\n');
    expect(lines(checkCommands(known, 'README.md', readme))).toEqual([
      'README.md:3: pnpm start: the root package.json has no script "start"',
      'README.md:4: pnpm --filter @bulwark/bench bench:gone: @bulwark/bench has no script "bench:gone"',
      'README.md:5: pnpm --filter @bulwark/nope bench: no workspace package @bulwark/nope',
      'README.md:6: `db:vanished` is not a command of the CLI',
      'README.md:10: pnpm cli admin:create --email you@example.com: "admin:create" is not a command of the CLI',
    ]);
  });

  it('reads the scripts of every workspace package and the commands of the CLI', () => {
    expect(commands.rootScripts).toContain('test');
    expect(commands.packageScripts.get('@bulwark/api')).toContain('openapi');
    expect(commands.packageScripts.get('apps/api')).toContain('openapi');
    expect([...commands.cliCommands]).toEqual(
      expect.arrayContaining(['db:migrate', 'admin:create', 'keys:rotate', 'keys:generate']),
    );
    expect(commands.databaseCommands).toContain('admin:create');
    expect(commands.databaseCommands).not.toContain('keys:generate');
  });

  it('refuses an ASVS map whose counts or statuses are wrong', () => {
    const map = readAsvsMap(
      ASVS,
      [
        '| chapter | met | deviation | not applicable |',
        '| --- | --- | --- | --- |',
        '| [V1 Encoding](#v1-encoding) | 1 | 0 | 0 |',
        '| total | 1 | 0 | 1 |',
        '',
        '## V1 Encoding',
        '',
        'Counts: 1 met, 0 deviation, 0 not applicable.',
        '',
        '| id | requirement | status | how, or why not | code | test |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1.2.4 | parameterised queries | met | TypeORM | | |',
        '| 1.2.5 | no OS commands | deviation | | | |',
        '| 1.2.5 | again | done | | | |',
        '| 2.1.1 | wrong chapter | met | | | "x" |',
        '| 1.3.1 | html | deviation | In progress: a sanitiser | | |',
      ].join('\n'),
    );
    expect(lines(map.problems)).toEqual([
      `${ASVS}:12: 1.2.4: met, but nothing proves it`,
      `${ASVS}:13: 1.2.5: a deviation needs its reason`,
      `${ASVS}:14: 1.2.5 is listed twice`,
      `${ASVS}:14: 1.2.5: status "done" is not one of met, deviation, not applicable`,
      `${ASVS}:15: "2.1.1" is not a requirement id of the chapter it is under`,
      `${ASVS}:8: V1: the counts say 1 met, 0 deviation, 0 not applicable, the rows 1 met, 2 deviation, 0 not applicable`,
      `${ASVS}:3: V1: the counts say 1 met, 0 deviation, 0 not applicable, the rows 1 met, 2 deviation, 0 not applicable`,
      `${ASVS}:4: total: the counts say 1 met, 0 deviation, 1 not applicable, the rows 1 met, 2 deviation, 0 not applicable`,
    ]);
    expect(map.inProgress.map((requirement) => requirement.id)).toEqual(['1.3.1']);
  });
});
