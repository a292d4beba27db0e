import type { DatabaseConfig } from './database.config.js';
import { mkdirSync } from 'node:fs';
import type { DataSourceOptions } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { embeddedPostgresDriver } from './embedded-postgres.driver.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly database: DatabaseConfig };

const CONNECT_TIMEOUT_MS = 5_000;

/** One definition for the API, the CLI and the tests: PostgreSQL when configured, else embedded PGlite. */
export function dataSourceOptions(config: SectionsRead): DataSourceOptions {
  const common: PostgresDataSourceOptions = {
    type: 'postgres',
    migrations,
    // Schema changes go through reviewed migrations only.
    synchronize: false,
    // Entities name only their tables; columns are their properties in snake_case.
    namingStrategy: new SnakeNamingStrategy(),
    migrationsTransactionMode: 'each',
    // Loaded rows are filled in without running the entity's constructor: the field initializers
    // (uuidv7() ids) then run only where the application creates a row, not once per row read.
    entitySkipConstructor: true,
    // Not 'error': TypeORM would print failed queries with their parameters, secrets included.
    logging: ['warn', 'migration'],
  };
  if (config.database.url !== undefined) {
    return {
      ...common,
      url: config.database.url,
      applicationName: 'bulwark-api',
      // pg's default waits forever for a server that drops packets; requests then pile up.
      extra: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
    };
  }
  mkdirSync(config.database.embeddedDir, { recursive: true, mode: 0o700 });
  return {
    ...common,
    driver: embeddedPostgresDriver(config.database.embeddedDir),
    installExtensions: false,
    uuidExtension: 'pgcrypto',
  };
}
