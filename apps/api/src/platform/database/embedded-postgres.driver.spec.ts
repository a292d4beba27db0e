import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedPostgresDriver } from './embedded-postgres.driver.js';

describe(embeddedPostgresDriver.name, () => {
  let dir: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-pglite-'));
    dataSource = new DataSource({
      type: 'postgres',
      driver: embeddedPostgresDriver(dir),
      installExtensions: false,
    });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE items (id int PRIMARY KEY)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an open transaction invisible to concurrent callers', async () => {
    let reader: Promise<{ count: number }[]> | undefined;
    const writer = dataSource
      .transaction(async (manager) => {
        await manager.query('INSERT INTO items VALUES (1)');
        // Without leasing, this query would run inside the open transaction on the shared session.
        reader = dataSource.query('SELECT count(*)::int AS count FROM items');
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    expect(await writer).toBe('rolled back');
    expect(await reader).toEqual([{ count: 0 }]);
  });

  it('reports affected rows like pg does', async () => {
    await dataSource.query('INSERT INTO items VALUES (2), (3)');
    const result = await dataSource
      .createQueryBuilder()
      .delete()
      .from('items')
      .where('id > 1')
      .execute();
    expect(result.affected).toBe(2);
  });

  it('runs several statements sent without parameters', async () => {
    await dataSource.query('INSERT INTO items VALUES (10); INSERT INTO items VALUES (11)');
    expect(await dataSource.query('SELECT id FROM items WHERE id >= 10 ORDER BY id')).toEqual([
      { id: 10 },
      { id: 11 },
    ]);
  });
});
