import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from './create.js';
import { RECORD_FILE, recordText, writeRenderedFile, type ProjectRecord } from './project-files.js';
import { renderTemplate, type ProjectOptions, type RenderedFile } from './render.js';
import type { Template } from './template.js';

export interface UpgradeResult {
  readonly updated: string[];
  readonly added: string[];
  readonly deleted: string[];
  readonly merged: string[];
  readonly conflicts: string[];
}

export function readRecord(projectRoot: string): ProjectRecord {
  const path = join(projectRoot, RECORD_FILE);
  if (!existsSync(path)) {
    throw new Error(`${projectRoot} has no ${RECORD_FILE}: it was not made by create-bulwark`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as ProjectRecord;
}

/** Refuses to merge into uncommitted work, which the merge could not give back. */
export function assertCleanTree(projectRoot: string): void {
  const status = spawnSync('git', ['status', '--porcelain'], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (status.status !== 0) {
    throw new Error(
      `${projectRoot} is not a git repository: commit the project first, or pass --force`,
    );
  }
  if (status.stdout.trim() !== '') {
    throw new Error('the work tree has uncommitted changes: commit or stash them, or pass --force');
  }
}

/**
 * Applies the template's own change from `base` (the version the project came from) to `next` to
 * the project, file by file, as a three-way merge: base = the project as `base` rendered it,
 * ours = the project now, theirs = the project as `next` renders it. Files the user never touched
 * take `next`; files both changed are merged by `git merge-file`, which leaves conflict markers.
 */
export async function upgradeProject(
  projectRoot: string,
  base: Template,
  next: Template,
  report: Report,
): Promise<UpgradeResult> {
  const record = readRecord(projectRoot);
  if (base.hash !== record.hash) {
    throw new Error(
      `template ${base.version} (${base.hash}) is not the one ${RECORD_FILE} records (${record.hash})`,
    );
  }
  const options: ProjectOptions = {
    name: record.name,
    scope: record.scope,
    withBench: record.options.withBench,
    withInfra: record.options.withInfra ?? true,
  };
  const before = byPath(await renderTemplate(base, options));
  const after = byPath(await renderTemplate(next, options));
  const result: UpgradeResult = { updated: [], added: [], deleted: [], merged: [], conflicts: [] };
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const path of paths) {
    mergeFile(projectRoot, path, before.get(path), after.get(path), result);
  }
  writeFileSync(
    join(projectRoot, RECORD_FILE),
    recordText({ ...record, version: next.version, hash: next.hash }),
  );
  for (const [label, list] of Object.entries(result) as [string, string[]][]) {
    if (list.length > 0) {
      report(`${label}: ${list.length}\n${list.map((path) => `  ${path}`).join('\n')}`);
    }
  }
  return result;
}

function mergeFile(
  root: string,
  path: string,
  base: RenderedFile | undefined,
  theirs: RenderedFile | undefined,
  result: UpgradeResult,
): void {
  const target = join(root, path);
  const ours = existsSync(target) ? readFileSync(target) : undefined;
  if (same(base, theirs) || same(ours, theirs)) {
    return;
  }
  if (same(ours, base)) {
    if (theirs === undefined) {
      unlinkSync(target);
      result.deleted.push(path);
    } else {
      writeRenderedFile(root, theirs);
      (base === undefined ? result.added : result.updated).push(path);
    }
    return;
  }
  // Both sides changed it. A deletion against an edit is left to the user, with the file kept.
  if (ours === undefined || theirs === undefined) {
    result.conflicts.push(path);
    return;
  }
  const merged = mergeText(ours, base?.bytes ?? Buffer.alloc(0), theirs.bytes);
  writeRenderedFile(root, { ...theirs, bytes: merged.bytes });
  (merged.clean ? result.merged : result.conflicts).push(path);
}

function mergeText(ours: Buffer, base: Buffer, theirs: Buffer): { bytes: Buffer; clean: boolean } {
  const scratch = mkdtempSync(join(tmpdir(), 'create-bulwark-merge-'));
  try {
    const files = {
      ours: join(scratch, 'ours'),
      base: join(scratch, 'base'),
      theirs: join(scratch, 'theirs'),
    };
    writeFileSync(files.ours, ours);
    writeFileSync(files.base, base);
    writeFileSync(files.theirs, theirs);
    const merge = spawnSync(
      'git',
      [
        'merge-file',
        '-L',
        'yours',
        '-L',
        'template (before)',
        '-L',
        'template (after)',
        files.ours,
        files.base,
        files.theirs,
      ],
      { encoding: 'utf8' },
    );
    // merge-file exits with the number of conflicts, or a negative status on error (seen as > 127).
    if (merge.status === null || merge.status > 127) {
      throw new Error(`git merge-file failed: ${merge.stderr || merge.error?.message || ''}`);
    }
    return { bytes: readFileSync(files.ours), clean: merge.status === 0 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function byPath(files: readonly RenderedFile[]): Map<string, RenderedFile> {
  return new Map(files.map((file) => [file.path, file]));
}

function same(a: RenderedFile | Buffer | undefined, b: RenderedFile | Buffer | undefined): boolean {
  const bytes = (side: RenderedFile | Buffer | undefined): Buffer | undefined =>
    side === undefined || Buffer.isBuffer(side) ? side : side.bytes;
  const left = bytes(a);
  const right = bytes(b);
  return left === undefined || right === undefined ? left === right : left.equals(right);
}
