import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFiles, type Template } from 'create-bulwark';
import { PACKAGE_DIR } from '../src/paths.js';
import { git, scratchDir } from '../src/support.js';

// A PEM block with a body: key material, not a test that names the header.
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----\s+[A-Za-z0-9+/=]{40}/;
const PORT = 39_000 + Math.floor(Math.random() * 1000);

const run = (cwd: string, command: string, ...args: string[]): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function projectFiles(root: string, directory = root): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.name === 'node_modules') {
      return [];
    }
    return entry.isDirectory() ? projectFiles(root, path) : [relative(root, path)];
  });
}

describe('a project scaffolded by the packed create-bulwark', () => {
  const scratch = scratchDir('scaffold');
  const project = join(scratch, 'my-api');
  let tarball: string;
  let bin: string;
  let dev: ChildProcess | undefined;

  beforeAll(() => {
    // `pnpm pack` runs prepack: the build and the template copied from the tracked files.
    run(PACKAGE_DIR, 'pnpm', 'pack', '--pack-destination', scratch);
    tarball = join(scratch, readdirSync(scratch).find((name) => name.endsWith('.tgz')) ?? '');
    const runner = join(scratch, 'runner');
    mkdirSync(runner);
    writeFileSync(join(runner, 'package.json'), '{ "name": "runner", "private": true }\n');
    run(runner, 'pnpm', 'add', tarball, '--prefer-offline');
    bin = join(runner, 'node_modules/create-bulwark/bin/create-bulwark.js');
    run(
      scratch,
      process.execPath,
      bin,
      '--yes',
      '--no-git',
      '--no-install',
      '--scope',
      '@acme',
      'my-api',
    );
    // Every package is in the store: the rewritten lockfile must satisfy a frozen install. Not
    // --offline: pnpm checks the lockfile's release ages against registry metadata, which the cache
    // may not hold for every package.
    run(project, 'pnpm', 'install', '--frozen-lockfile', '--prefer-offline');
  });

  afterAll(() => {
    if (dev?.pid !== undefined) {
      process.kill(-dev.pid, 'SIGTERM');
    }
    rmSync(scratch, { recursive: true, force: true });
  });

  it('comes from a tarball of a few megabytes at most', () => {
    const bytes = statSync(tarball).size;
    process.stdout.write(`create-bulwark tarball: ${String(bytes)} bytes\n`);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it("keeps no @bulwark/ name, none of Bulwark's own files and no key material", () => {
    const files = projectFiles(project);
    expect(files).toContain('.bulwark.json');
    const leaks = files.filter((path) => {
      const text = readFileSync(join(project, path), 'utf8');
      return /@bulwark[/+]/i.test(text) || PRIVATE_KEY.test(text);
    });
    expect(leaks).toEqual([]);
    const own = files.filter((path) =>
      /^(\.git|bench|packages\/create-bulwark|test\/create-bulwark|apps\/api\/\.data)\//.test(path),
    );
    expect(own).toEqual([]);
  });

  it('passes its own lint and typecheck', () => {
    run(project, 'pnpm', 'lint');
    run(project, 'pnpm', 'typecheck');
  });

  it('passes its documentation suite and the specs the renaming touches', () => {
    run(project, 'pnpm', 'exec', 'vitest', 'run', '--project', 'docs');
    run(
      project,
      'pnpm',
      'exec',
      'vitest',
      'run',
      '--project',
      'api',
      'apps/api/src/platform/mail/',
      'apps/api/src/app.config.spec.ts',
      'apps/api/src/identity/tokens/access-token.service.spec.ts',
    );
  });

  it('starts with pnpm dev and answers /health/ready', async () => {
    const started = Date.now();
    dev = spawn('pnpm', ['dev'], {
      cwd: project,
      env: { ...process.env, PORT: String(PORT) },
      stdio: 'ignore',
      detached: true,
    });
    let status = 0;
    while (status !== 200 && Date.now() - started < 240_000) {
      status = await fetch(`http://127.0.0.1:${String(PORT)}/health/ready`).then(
        (response) => response.status,
        () => 0,
      );
      await sleep(250);
    }
    process.stdout.write(`pnpm dev ready after ${String(Date.now() - started)} ms\n`);
    expect(status).toBe(200);
  });

  it("takes a later release by a three-way merge, keeping the user's change", () => {
    if (dev?.pid !== undefined) {
      process.kill(-dev.pid, 'SIGTERM');
      dev = undefined;
    }
    // Release B: release A (the packed template) with a fix in a source file.
    run(scratch, 'tar', '-xzf', tarball, 'package/template/bulwark-template.json');
    const templateA = join(scratch, 'package/template/bulwark-template.json');
    const a = JSON.parse(readFileSync(templateA, 'utf8')) as Template;
    const fixed = 'apps/api/src/platform/config/env.schema.ts';
    const before = "JWT_ISSUER: z.string().min(1).default('bulwark'),";
    const after = "JWT_ISSUER: z.string().min(1).max(200).default('bulwark'),";
    const files = a.files.map((file) =>
      file.path === fixed ? { ...file, content: file.content.replace(before, after) } : file,
    );
    const b: Template = { version: '99.0.0', hash: hashFiles(files), files };
    expect(b.hash).not.toBe(a.hash);
    const templateB = join(scratch, 'template-b.json');
    writeFileSync(templateB, JSON.stringify(b));
    git(project, 'init', '-q');
    git(project, 'add', '-A');
    git(project, 'commit', '-qm', 'scaffold');
    writeFileSync(
      join(project, 'README.md'),
      `${readFileSync(join(project, 'README.md'), 'utf8')}\nOurs.\n`,
    );
    git(project, 'commit', '-qam', 'our notes');

    run(project, process.execPath, bin, 'upgrade', '--base', templateA, '--template', templateB);

    expect(readFileSync(join(project, fixed), 'utf8')).toContain(
      "JWT_ISSUER: z.string().min(1).max(200).default('my-api'),",
    );
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toMatch(/\nOurs\.\n$/);
    expect(git(project, 'status', '--porcelain')).toBe(` M .bulwark.json\n M ${fixed}\n`);
  });

  it('scaffolds without the Terraform (--no-infra) a project whose lint, typecheck and docs pass', () => {
    const name = 'no-infra';
    run(scratch, process.execPath, bin, '--yes', '--no-git', '--no-install', '--no-infra', name);
    const withoutInfra = join(scratch, name);
    expect(JSON.parse(readFileSync(join(withoutInfra, '.bulwark.json'), 'utf8'))).toMatchObject({
      options: { withBench: false, withInfra: false },
    });
    const infra = projectFiles(withoutInfra).filter((path) =>
      /^(infra\/terraform|test\/infra)\/|^\.github\/workflows\/infra\.yml$/.test(path),
    );
    expect(infra).toEqual([]);
    run(withoutInfra, 'pnpm', 'install', '--frozen-lockfile', '--prefer-offline');
    run(withoutInfra, 'pnpm', 'lint');
    run(withoutInfra, 'pnpm', 'typecheck');
    run(withoutInfra, 'pnpm', 'exec', 'vitest', 'run', '--project', 'docs');
  });
});
