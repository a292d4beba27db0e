import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { DatabaseSetupError } from './database-setup.error.js';

interface LockHolder {
  readonly pid: number;
  /** When the holder started, as /proc says (Linux); tells a live holder from a reused pid. */
  readonly startTime: string | undefined;
  readonly token: string;
}

/** Lock files this process holds: a second open of the same database here is refused too. */
const heldHere = new Set<string>();

/**
 * Makes this process the only one to open the embedded database in `dataDir`: two PGlite
 * instances on one directory overwrite each other's writes. Written by hand, after PostgreSQL's
 * own `postmaster.pid`: a file created exclusively, naming its process; a lock whose process is
 * gone is stale and taken over at once, so a killed server never blocks the next start (lock
 * libraries judge staleness by age instead, and would make the next command wait).
 * Returns the release function.
 */
export function lockEmbeddedDatabase(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  const token = randomUUID();
  const mine: LockHolder = { pid: process.pid, startTime: startTimeOf(process.pid), token };
  if (!tryCreate(path, mine)) {
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(path, holder)) {
      throw new DatabaseSetupError(
        `The embedded database in ${dataDir} is in use by process ${holder.pid}: stop it (e.g. pnpm dev), or set DATABASE_URL to share a PostgreSQL server between processes`,
      );
    }
    // Stale: its process is gone. Another process racing us for it makes the create below fail.
    removeIfPresent(path);
    if (!tryCreate(path, mine)) {
      throw new DatabaseSetupError(
        `The embedded database in ${dataDir} was just opened by another process: stop it, or set DATABASE_URL`,
      );
    }
  }
  heldHere.add(path);
  return () => {
    heldHere.delete(path);
    // Never remove a lock that another process took over meanwhile.
    if (readHolder(path)?.token === token) {
      removeIfPresent(path);
    }
  };
}

function tryCreate(path: string, holder: LockHolder): boolean {
  try {
    writeFileSync(path, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) {
      return false;
    }
    throw error;
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'pid' in parsed
      ? (parsed as LockHolder)
      : undefined;
  } catch {
    // Missing, or half-written by a process killed while writing it: not a live holder.
    return undefined;
  }
}

function isAlive(path: string, holder: LockHolder): boolean {
  if (holder.pid === process.pid) {
    // A container restarts its server as the same pid: only a lock taken by this run counts.
    return heldHere.has(path);
  }
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists, under another user.
    return isErrorCode(error, 'EPERM');
  }
  const startTime = startTimeOf(holder.pid);
  return (
    holder.startTime === undefined || startTime === undefined || startTime === holder.startTime
  );
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isErrorCode(error, 'ENOENT')) {
      throw error;
    }
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
