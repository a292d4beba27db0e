import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The databases every integration suite runs against: PGlite always, PostgreSQL when given. */
export type TestDatabase =
  { readonly kind: 'pglite' } | { readonly kind: 'postgres'; readonly adminUrl: string };

export function testDatabases(): TestDatabase[] {
  const adminUrl = process.env.TEST_DATABASE_URL;
  return adminUrl === undefined || adminUrl === ''
    ? [{ kind: 'pglite' }]
    : [{ kind: 'pglite' }, { kind: 'postgres', adminUrl }];
}

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database per suite, so parallel suites never share migrations or rows:
 * empty, or a copy of `template` (a database nobody is connected to).
 */
export async function createScratchDatabase(
  adminUrl: string,
  template?: string,
): Promise<ScratchDatabase> {
  const name = `bulwark_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(
  adminUrl: string,
  run: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
