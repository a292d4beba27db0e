import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';
import { postgresServerBinaries } from './private-postgres.js';
import { CLAMD_BINARY } from './clamd.js';

/**
 * What a suite needs beyond Node and PGlite. On a bare machine the suites that need a missing
 * part are skipped and the global setup says so in one line; in CI (`CI` set) a missing part
 * fails the run instead, so nothing is skipped there.
 */
export interface Requirement {
  readonly name: string;
  readonly present: boolean;
  /** How to provide it, for the one line printed when it is missing. */
  readonly hint: string;
}

function configured(variable: string): boolean {
  const value = process.env[variable];
  return value !== undefined && value !== '';
}

function runs(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

export const POSTGRES: Requirement = {
  name: 'PostgreSQL',
  present: configured('TEST_DATABASE_URL'),
  hint: 'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres',
};

export const REDIS: Requirement = {
  name: 'Redis',
  present: configured('TEST_REDIS_URL'),
  hint: 'TEST_REDIS_URL=redis://127.0.0.1:6379',
};

export const REDIS_SERVER_BINARY: Requirement = {
  name: 'redis-server',
  present: runs('redis-server', ['--version']),
  hint: 'apt-get install redis-server',
};

export const POSTGRES_SERVER_BINARIES: Requirement = {
  name: 'PostgreSQL server binaries',
  present: postgresServerBinaries() !== undefined,
  hint: 'apt-get install postgresql',
};

export const RSYSLOG: Requirement = {
  name: 'rsyslogd',
  present: runs('rsyslogd', ['-v']),
  hint: 'apt-get install rsyslog rsyslog-gnutls',
};

/** `pnpm test:monitoring`: promtool tests the alert rules, a real Prometheus evaluates them. */
export const PROMETHEUS: Requirement = {
  name: 'Prometheus',
  present: runs('prometheus', ['--version']) && runs('promtool', ['--version']),
  hint: 'apt-get install prometheus',
};

/** Debian's chromium, or the binary CHROMIUM_PATH names: the passkey suite drives it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM: Requirement = {
  name: 'Chromium',
  present: runs(CHROMIUM_PATH, ['--version']),
  hint: 'apt-get install chromium, or CHROMIUM_PATH=/path/to/chrome',
};

export const CLAMD: Requirement = {
  name: 'clamd',
  present: CLAMD_BINARY !== undefined,
  hint: 'apt-get install clamav-daemon',
};

export const REQUIREMENTS: readonly Requirement[] = [
  POSTGRES,
  REDIS,
  REDIS_SERVER_BINARY,
  POSTGRES_SERVER_BINARIES,
  RSYSLOG,
  PROMETHEUS,
  CHROMIUM,
  CLAMD,
];

/**
 * `describe`, run only when every requirement is present. A suite that runs the same tests over
 * several stores leaves the Redis one out of its list instead: `...(REDIS.present ? [redis] : [])`.
 */
export function describeWith(...needs: readonly Requirement[]): ReturnType<typeof describe.runIf> {
  return describe.runIf(needs.every((need) => need.present));
}
