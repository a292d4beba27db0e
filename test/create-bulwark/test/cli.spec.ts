import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate } from 'create-bulwark';
import { BIN, PACKAGE_DIR, REPOSITORY_ROOT } from '../src/paths.js';
import { git, runCli, scratchDir, templateOf, writeTemplate } from '../src/support.js';

const version = (
  JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;

describe('create-bulwark', () => {
  const scratch = scratchDir('cli');
  let parent: string;
  let smallTemplate: string;

  beforeAll(() => {
    smallTemplate = writeTemplate(
      scratch,
      templateOf('1.0.0', {
        'apps/api/src/main.ts': "export const issuer = 'bulwark';\n",
        'docs/guide.md': 'Built from Bulwark.\n',
        '.prettierrc.json': '{ "singleQuote": true }\n',
      }),
    );
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  const fresh = (): string => {
    parent = mkdtempSync(join(scratch, 'parent-'));
    return parent;
  };

  it('prints its usage and version', () => {
    const help = runCli(['--help'], fresh());
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--no-install');
    expect(runCli(['--version'], parent).stdout.trim()).toBe(version);
  });

  it('refuses to wait for answers without a terminal, writing nothing', () => {
    const run = runCli(['my-api'], fresh());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('pass --yes');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses an invalid project name or scope', () => {
    const name = runCli(['--yes', '--no-git', '--no-install', 'My_API'], fresh());
    expect(name.status).toBe(1);
    expect(name.stderr).toContain('"My_API"');
    const scope = runCli(['--yes', '--scope', 'acme', 'my-api'], parent);
    expect(scope.status).toBe(1);
    expect(scope.stderr).toContain('not a package scope');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses an unknown flag', () => {
    const run = runCli(['--yes', '--no-tests', 'my-api'], fresh());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Unknown option '--no-tests'");
  });

  it('refuses a directory that is not empty and leaves it as it was', () => {
    mkdirSync(join(fresh(), 'my-api'));
    writeFileSync(join(parent, 'my-api', 'notes.txt'), 'mine');
    const run = runCli(['--yes', '--no-install', '--template', smallTemplate, 'my-api'], parent);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not empty');
    expect(readdirSync(join(parent, 'my-api'))).toEqual(['notes.txt']);
  });

  it('writes a renamed project with its record and first commit', () => {
    const run = runCli(
      ['--yes', '--no-install', '--scope', '@acme', '--template', smallTemplate, 'my-api'],
      fresh(),
    );
    expect(run.status, run.stderr).toBe(0);
    const project = join(parent, 'my-api');
    expect(readFileSync(join(project, 'apps/api/src/main.ts'), 'utf8')).toBe(
      "export const issuer = 'my-api';\n",
    );
    expect(JSON.parse(readFileSync(join(project, '.bulwark.json'), 'utf8'))).toMatchObject({
      version: '1.0.0',
      name: 'my-api',
      scope: '@acme',
      options: { withBench: false, withInfra: true },
    });
    expect(git(project, 'log', '--format=%s')).toBe('chore: scaffold from create-bulwark 1.0.0\n');
    expect(git(project, 'status', '--porcelain')).toBe('');
    expect(readdirSync(parent)).toEqual(['my-api']);
  });

  it('records --no-infra in .bulwark.json', () => {
    const run = runCli(
      ['--yes', '--no-install', '--no-git', '--no-infra', '--template', smallTemplate, 'my-api'],
      fresh(),
    );
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(parent, 'my-api', '.bulwark.json'), 'utf8'))).toMatchObject(
      {
        options: { withBench: false, withInfra: false },
      },
    );
  });

  it('leaves nothing behind when writing fails', () => {
    // "a" cannot be a file and a directory: the write fails halfway.
    const broken = writeTemplate(fresh(), templateOf('1.0.0', { a: 'file\n', 'a/b': 'file\n' }));
    const run = runCli(
      ['--yes', '--no-install', '--no-git', '--template', broken, 'my-api'],
      parent,
    );
    expect(run.status).toBe(1);
    expect(readdirSync(parent)).toEqual(['template-1.0.0.json']);
  });

  it('leaves nothing behind when interrupted', async () => {
    const template = writeTemplate(fresh(), buildTemplate(REPOSITORY_ROOT, '0.0.0-test'));
    const child = spawn(
      process.execPath,
      [BIN, '--yes', '--no-install', '--template', template, 'my-api'],
      { cwd: parent, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The staging directory appears first; rendering a few hundred files takes seconds after it.
    while (!readdirSync(parent).some((name) => name.startsWith('.my-api-'))) {
      await sleep(10);
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readdirSync(parent)).toEqual(['template-0.0.0-test.json']);
    expect(existsSync(join(parent, 'my-api'))).toBe(false);
  });
});
