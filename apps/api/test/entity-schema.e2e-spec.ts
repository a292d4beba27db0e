import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

/**
 * Entities spell no column names (SnakeNamingStrategy names them): every column they map must be
 * a column the migrations created, and no column of their tables may be left unmapped.
 */
describe.each(testDatabases())('entities and the migrated schema on $kind', (database) => {
  let api: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    api = await startTestApp({ database });
    dataSource = api.app.get(DataSource);
  });

  afterAll(async () => {
    await api.close();
  });

  it('maps exactly the columns of each entity table', async () => {
    const tables = dataSource.entityMetadatas.map((metadata) => metadata.tableName);
    const rows = await dataSource.query<{ table_name: string; column_name: string }[]>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = ANY($1)`,
      [tables],
    );
    const migrated = (table: string): string[] =>
      rows
        .filter((row) => row.table_name === table)
        .map((row) => row.column_name)
        .sort();

    for (const metadata of dataSource.entityMetadatas) {
      const mapped = [...new Set(metadata.columns.map((column) => column.databaseName))].sort();
      expect(mapped, metadata.tableName).toEqual(migrated(metadata.tableName));
    }
    expect(tables.length).toBeGreaterThanOrEqual(9);
  });
});
