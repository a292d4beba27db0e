import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** Applies pending migrations, each in its own transaction; returns the names applied. */
export async function runPendingMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(config), migrationsRun: false });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
