import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hashFiles, type RenderedFile, type Template } from 'create-bulwark';
import { BIN } from './paths.js';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built create-bulwark as a user would, stdin not a terminal. */
export function runCli(args: readonly string[], cwd: string): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `create-bulwark-${prefix}-`));
}

/** A template of a few text files, as a release of create-bulwark would carry it. */
export function templateOf(version: string, files: Record<string, string>): Template {
  const list = Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, content]) => ({ path, executable: false, content, binary: false }));
  return { version, hash: hashFiles(list), files: list };
}

export function writeTemplate(directory: string, template: Template): string {
  const path = join(directory, `template-${template.version}.json`);
  writeFileSync(path, JSON.stringify(template));
  return path;
}

export function git(cwd: string, ...args: string[]): string {
  const run = spawnSync(
    'git',
    ['-c', 'user.name=test', '-c', 'user.email=test@localhost', ...args],
    { cwd, encoding: 'utf8' },
  );
  if (run.status !== 0) {
    throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  }
  return run.stdout;
}

/** Writes rendered files into a new scratch directory, as the project would hold them. */
export function writeRenderedFiles(prefix: string, files: readonly RenderedFile[]): string {
  const root = scratchDir(prefix);
  for (const { path, bytes } of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  return root;
}
