import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCli } from './api-process.js';
import { POSTGRES, REQUIREMENTS } from './requirements.js';
import { createScratchDatabase, type ScratchDatabase } from './test-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded database directory with every migration applied, for test apps to copy. */
    migratedEmbeddedDatabase: string;
    /** With TEST_DATABASE_URL: a PostgreSQL database with every migration applied, a template. */
    migratedPostgresDatabase: string | undefined;
  }
}

/** One line for what a bare machine skips; in CI every part must be there. */
function reportRequirements(): void {
  const missing = REQUIREMENTS.filter((requirement) => !requirement.present);
  if (missing.length === 0) {
    return;
  }
  const parts = missing
    .map((requirement) => `${requirement.name} (${requirement.hint})`)
    .join(', ');
  if (process.env.CI !== undefined && process.env.CI !== '') {
    throw new Error(`CI runs every suite, but this machine lacks ${parts}`);
  }
  process.stderr.write(`[api] skipped: the suites that need ${parts}\n`);
}

/** `pnpm cli db:migrate` in a data directory of its own. */
async function migrate(dataDir: string, env: Readonly<Record<string, string>> = {}): Promise<void> {
  const migrated = await runCli(['db:migrate'], { NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  if (migrated.code !== 0) {
    throw new Error(`db:migrate of a template database failed: ${migrated.out}`);
  }
}

/**
 * Creating an embedded database (PGlite's initdb) costs about 3 s of CPU, opening one 0.2 s:
 * one is migrated here, and each test app starts on a copy of it.
 */
async function migrateEmbeddedDatabase(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-migrated-'));
  await migrate(dataDir);
  return dataDir;
}

/** The same for PostgreSQL: test apps on PostgreSQL start on a copy (CREATE DATABASE … TEMPLATE). */
async function migratePostgresDatabase(adminUrl: string): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(adminUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-migrated-'));
  try {
    await migrate(dataDir, { DATABASE_URL: database.url });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return database;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  reportRequirements();
  const adminUrl = process.env.TEST_DATABASE_URL;
  const [dataDir, postgres] = await Promise.all([
    migrateEmbeddedDatabase(),
    POSTGRES.present && adminUrl !== undefined ? migratePostgresDatabase(adminUrl) : undefined,
  ]);
  project.provide('migratedEmbeddedDatabase', join(dataDir, 'pglite'));
  project.provide('migratedPostgresDatabase', postgres?.name);
  return async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.drop();
  };
}
