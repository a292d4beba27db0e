import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { projectRecord, RECORD_FILE, recordText, writeRenderedFile } from './project-files.js';
import { renderTemplate, type ProjectOptions } from './render.js';
import type { Template } from './template.js';

export interface CreateSteps {
  readonly install: boolean;
  readonly git: boolean;
}

export type Report = (line: string) => void;

/**
 * Writes the project into a temporary directory beside `target` and renames it into place only
 * when every file and the first commit are there: a failure or Ctrl-C leaves nothing behind.
 * The install runs afterwards, in place: an interrupted install is rerun with `pnpm install`.
 */
export async function createProject(
  target: string,
  template: Template,
  options: ProjectOptions,
  steps: CreateSteps,
  report: Report,
): Promise<void> {
  const destination = resolve(target);
  assertWritableTarget(destination);
  let staging: string | undefined;
  const removeStaging = (): void => {
    if (staging !== undefined) {
      rmSync(staging, { recursive: true, force: true });
    }
  };
  const onInterrupt = (): void => {
    removeStaging();
    process.exit(130);
  };
  // Listening before the staging directory exists: a signal between the two would otherwise
  // end the process by default and leave the directory behind.
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  try {
    staging = mkdtempSync(join(dirname(destination), `.${basename(destination)}-`));
    const files = await renderTemplate(template, options);
    for (const file of files) {
      writeRenderedFile(staging, file);
    }
    writeFileSync(join(staging, RECORD_FILE), recordText(projectRecord(template, options)));
    report(`wrote ${files.length + 1} files from Bulwark ${template.version}`);
    if (steps.git) {
      commitFirst(staging, template.version, report);
    }
    if (existsSync(destination)) {
      rmdirSync(destination);
    }
    renameSync(staging, destination);
  } catch (error) {
    removeStaging();
    throw error;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
  }
  if (steps.install) {
    install(destination, report);
  }
}

/** Refuses a target that is not empty, or whose parent is missing, before anything is asked or written. */
export function assertWritableTarget(target: string): void {
  const destination = resolve(target);
  if (existsSync(destination) && readdirSync(destination).length > 0) {
    throw new Error(`${destination} is not empty: choose a new directory`);
  }
  if (!existsSync(dirname(destination))) {
    throw new Error(`${dirname(destination)} does not exist: create it first`);
  }
}

function commitFirst(directory: string, version: string, report: Report): void {
  if (spawnSync('git', ['--version'], { stdio: 'ignore' }).status !== 0) {
    report('git is not installed: no first commit');
    return;
  }
  const git = (...args: string[]): string => run('git', args, directory);
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  // A machine without a git identity (CI, containers) still gets its first commit.
  const identity = spawnSync('git', ['config', 'user.email'], { cwd: directory }).status === 0;
  const author = identity
    ? []
    : ['-c', 'user.name=create-bulwark', '-c', 'user.email=create-bulwark@localhost'];
  run(
    'git',
    [
      ...author,
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      `chore: scaffold from create-bulwark ${version}`,
    ],
    directory,
  );
  report('made the first commit');
}

function install(directory: string, report: Report): void {
  report('installing dependencies (pnpm install --frozen-lockfile)');
  const result = spawnSync('pnpm', ['install', '--frozen-lockfile'], {
    cwd: directory,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(
      `pnpm install failed in ${directory}: the files are complete, run it again there`,
    );
  }
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message || ''}`,
    );
  }
  return result.stdout;
}
