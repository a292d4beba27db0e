import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockEmbeddedDatabase } from './embedded-database.lock.js';

/** A process that has exited: its pid names no live process (until the system reuses it). */
async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe(lockEmbeddedDatabase.name, () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bulwark-lock-'));
    dataDir = join(root, 'pglite');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second open while the first holds the database, naming the directory', () => {
    const release = lockEmbeddedDatabase(dataDir);
    expect(() => lockEmbeddedDatabase(dataDir)).toThrow(
      `The embedded database in ${dataDir} is in use by process ${process.pid}`,
    );
    release();
    lockEmbeddedDatabase(dataDir)();
  });

  it('refuses while another live process holds it', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await new Promise((resolve) => holder.once('spawn', resolve));
      const startTime = readFileSync(`/proc/${holder.pid}/stat`, 'utf8')
        .split(') ')[1]
        ?.split(' ')[19];
      writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: holder.pid, startTime, token: 'x' }));
      expect(() => lockEmbeddedDatabase(dataDir)).toThrow(`in use by process ${holder.pid}`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: await exitedPid(), token: 'x' }));
    const release = lockEmbeddedDatabase(dataDir);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('takes over a lock whose pid now belongs to a process started later', () => {
    // The parent is alive, but it is not the process that wrote this lock.
    writeFileSync(
      `${dataDir}.lock`,
      JSON.stringify({ pid: process.ppid, startTime: '1', token: 'x' }),
    );
    lockEmbeddedDatabase(dataDir)();
  });

  it('takes over a lock naming this very pid that this process never took (a restarted container)', () => {
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.pid, token: 'x' }));
    lockEmbeddedDatabase(dataDir)();
  });

  it('takes over an unreadable lock file, left half-written by a killed process', () => {
    writeFileSync(`${dataDir}.lock`, '{"pid":');
    lockEmbeddedDatabase(dataDir)();
  });

  it('leaves alone a lock that another process took over meanwhile', () => {
    const release = lockEmbeddedDatabase(dataDir);
    const other = JSON.stringify({ pid: process.ppid, token: 'other' });
    writeFileSync(`${dataDir}.lock`, other);
    release();
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(other);
  });
});
