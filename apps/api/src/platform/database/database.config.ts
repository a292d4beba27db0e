import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';

export interface DatabaseConfig {
  /** Unset outside production: the embedded PGlite database under `dataDir` is used. */
  readonly url: string | undefined;
  /** The schema owner's URL (DATABASE_MIGRATION_URL, else DATABASE_URL): db:migrate, audit:archive. */
  readonly migrationUrl: string | undefined;
  readonly embeddedDir: string;
}

export function databaseConfigFrom(env: Env, dataDir: string): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
    embeddedDir: resolve(dataDir, 'pglite'),
  };
}

// The embedded database has one role: there is no owner to separate from the runtime role.
export function databaseConfigViolations(env: Env): string[] {
  return env.DATABASE_MIGRATION_URL !== undefined && env.DATABASE_URL === undefined
    ? ['DATABASE_MIGRATION_URL: needs DATABASE_URL (the embedded database has a single role)']
    : [];
}
