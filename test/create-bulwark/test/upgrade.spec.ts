import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Template } from 'create-bulwark';
import { git, runCli, scratchDir, templateOf, writeTemplate } from '../src/support.js';

// Version A of the template, and B: one line of a source file changed, a doc changed, a file
// added and one removed, as a release with a security fix would.
const MAIN_A = [
  "import { start } from './server.js';",
  '',
  "const issuer = 'bulwark';",
  'const sessionMinutes = 15;',
  '',
  'await start({ issuer, sessionMinutes });',
  '',
].join('\n');
const PRETTIER = '{ "singleQuote": true }\n';
const A: Template = templateOf('1.0.0', {
  '.prettierrc.json': PRETTIER,
  'apps/api/src/main.ts': MAIN_A,
  'docs/guide.md': '# Guide\n\nStart with `pnpm dev`.\n',
  'docs/old.md': '# Old\n',
  'README.md':
    '# Bulwark\n\nA starter.\n\n**Status.** Early.\n\n## Create a project\n\nUse it.\n\n## Use\n\nRun it.\n',
});
const B: Template = templateOf('1.1.0', {
  '.prettierrc.json': PRETTIER,
  'apps/api/src/main.ts': MAIN_A.replace('sessionMinutes = 15', 'sessionMinutes = 5'),
  'docs/guide.md': '# Guide\n\nStart with `pnpm dev`, stop with Ctrl-C.\n',
  'docs/new.md': '# New\n',
  'README.md': A.files.find(({ path }) => path === 'README.md')?.content ?? '',
});

describe('create-bulwark upgrade', () => {
  const scratch = scratchDir('upgrade');
  const templateA = writeTemplate(scratch, A);
  const templateB = writeTemplate(scratch, B);
  let project: string;

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    project = join(mkdtempSync(join(scratch, 'parent-')), 'my-api');
    const created = runCli(['--yes', '--no-install', '--template', templateA, project], scratch);
    expect(created.status, created.stderr).toBe(0);
  });

  const read = (path: string): string => readFileSync(join(project, path), 'utf8');
  const upgrade = (...args: string[]) =>
    runCli(['upgrade', '--base', templateA, '--template', templateB, ...args], project);

  it("keeps the user's changes and brings in the template's", () => {
    writeFileSync(join(project, 'README.md'), `${read('README.md')}\nOur own notes.\n`);
    writeFileSync(
      join(project, 'apps/api/src/main.ts'),
      read('apps/api/src/main.ts').replace(
        "from './server.js';",
        "from './server.js';\nimport './tracing.js';",
      ),
    );
    git(project, 'commit', '-qam', 'our changes');

    const run = upgrade();

    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(read('README.md')).toContain('Our own notes.');
    expect(read('docs/guide.md')).toContain('stop with Ctrl-C');
    expect(read('docs/new.md')).toBe('# New\n');
    expect(() => read('docs/old.md')).toThrow(/ENOENT/);
    // Both changes in one file, merged: the user's import and the release's shorter sessions.
    expect(read('apps/api/src/main.ts')).toContain("import './tracing.js';");
    expect(read('apps/api/src/main.ts')).toContain('sessionMinutes = 5');
    expect(read('apps/api/src/main.ts')).toContain("const issuer = 'my-api';");
    expect(JSON.parse(read('.bulwark.json'))).toMatchObject({ version: '1.1.0', hash: B.hash });
    expect(run.stdout).toMatch(/merged: 1\n {2}apps\/api\/src\/main\.ts/);
  });

  it('marks a conflicting edit as a conflict and fails', () => {
    writeFileSync(
      join(project, 'apps/api/src/main.ts'),
      read('apps/api/src/main.ts').replace('sessionMinutes = 15', 'sessionMinutes = 60'),
    );
    git(project, 'commit', '-qam', 'longer sessions');

    const run = upgrade();

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/conflicts: 1\n {2}apps\/api\/src\/main\.ts/);
    const main = read('apps/api/src/main.ts');
    expect(main).toContain('<<<<<<< yours\nconst sessionMinutes = 60;\n=======');
    expect(main).toContain('const sessionMinutes = 5;\n>>>>>>> template (after)');
    // The rest of the release arrives all the same.
    expect(read('docs/guide.md')).toContain('stop with Ctrl-C');
  });

  it('keeps a file the release removes when the user changed it, and reports it', () => {
    writeFileSync(join(project, 'docs/old.md'), '# Old\n\nStill ours.\n');
    git(project, 'commit', '-qam', 'keep the old page');

    const run = upgrade();

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/conflicts: 1\n {2}docs\/old\.md/);
    expect(read('docs/old.md')).toBe('# Old\n\nStill ours.\n');
  });

  it('leaves a file the user deleted deleted when the release changes it, and reports it', () => {
    git(project, 'rm', '-q', 'docs/guide.md');
    git(project, 'commit', '-qm', 'no guide');

    const run = upgrade();

    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/conflicts: 1\n {2}docs\/guide\.md/);
    expect(() => read('docs/guide.md')).toThrow(/ENOENT/);
  });

  it('refuses a work tree with uncommitted changes unless forced', () => {
    writeFileSync(join(project, 'docs/guide.md'), 'unsaved work\n');

    const refused = upgrade();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('uncommitted changes');
    expect(JSON.parse(read('.bulwark.json'))).toMatchObject({ version: '1.0.0' });

    const forced = upgrade('--force');
    expect(forced.status).toBe(1);
    expect(read('docs/guide.md')).toContain('<<<<<<< yours\nunsaved work');
  });

  describe('of a project made without the Terraform', () => {
    const terraform = 'infra/terraform/main.tf';
    const C = templateOf('1.0.0', {
      ...Object.fromEntries(A.files.map(({ path, content }) => [path, content])),
      [terraform]: 'terraform {}\n',
    });
    const D = templateOf('1.1.0', {
      ...Object.fromEntries(B.files.map(({ path, content }) => [path, content])),
      [terraform]: 'terraform {\n  required_version = ">= 1.10"\n}\n',
    });
    const templateC = writeTemplate(mkdtempSync(join(scratch, 'c-')), C);
    const templateD = writeTemplate(mkdtempSync(join(scratch, 'd-')), D);
    const scaffold = (...flags: string[]): string => {
      const target = join(mkdtempSync(join(scratch, 'parent-')), 'my-api');
      const created = runCli(
        ['--yes', '--no-install', ...flags, '--template', templateC, target],
        scratch,
      );
      expect(created.status, created.stderr).toBe(0);
      return target;
    };

    it('renders the release without it, as the record says', () => {
      const target = scaffold('--no-infra');
      expect(existsSync(join(target, terraform))).toBe(false);
      const run = runCli(['upgrade', '--base', templateC, '--template', templateD], target);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(existsSync(join(target, terraform))).toBe(false);
      expect(readFileSync(join(target, 'docs/new.md'), 'utf8')).toBe('# New\n');
    });

    it('keeps it for a record made before the option existed', () => {
      const target = scaffold();
      const record = join(target, '.bulwark.json');
      const old = JSON.parse(readFileSync(record, 'utf8')) as { options: object };
      old.options = { withBench: false };
      writeFileSync(record, `${JSON.stringify(old, null, 2)}\n`);
      git(target, 'commit', '-qam', 'a record from before --no-infra');
      const run = runCli(['upgrade', '--base', templateC, '--template', templateD], target);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(readFileSync(join(target, terraform), 'utf8')).toContain('required_version');
    });
  });

  it('refuses a base template other than the one the project records', () => {
    const run = runCli(['upgrade', '--base', templateB, '--template', templateB], project);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not the one .bulwark.json records');
  });
});
