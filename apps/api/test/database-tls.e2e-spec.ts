import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/app.config.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { writeServerAndForeignCa, type TestCertificates } from './support/test-certificates.js';
import { describeWith, POSTGRES_SERVER_BINARIES } from './support/requirements.js';

// What production accepts for a remote server (sslmode=verify-full with a private CA, as for RDS),
// through the API's own data source, against a real PostgreSQL serving TLS.
describeWith(POSTGRES_SERVER_BINARIES)(
  'DATABASE_URL with sslmode=verify-full and sslrootcert',
  () => {
    let dir: string;
    let server: TestCertificates;
    let foreignCa: string;
    let postgres: PrivatePostgres;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'bulwark-database-tls-'));
      ({ server, foreignCa } = writeServerAndForeignCa(dir));
      postgres = await startPrivatePostgres({ tls: server });
    }, 60_000);
    afterAll(() => {
      postgres.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    function url(host: string, caFile: string): string {
      const target = new URL(postgres.url);
      target.hostname = host;
      target.search = `?sslmode=verify-full&sslrootcert=${caFile}`;
      return target.toString();
    }

    function connect(databaseUrl: string): Promise<DataSource> {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: databaseUrl });
      return new DataSource(dataSourceOptions(config)).initialize();
    }

    it('connects over TLS when the certificate chains to sslrootcert and names the host', async () => {
      const database = await connect(url('localhost', server.caFile));
      try {
        const rows: unknown = await database.query(
          'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
        );
        expect(rows).toEqual([{ ssl: true }]);
      } finally {
        await database.destroy();
      }
    });

    it('refuses a server whose certificate another CA signed', async () => {
      await expect(connect(url('localhost', foreignCa))).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    });

    it('refuses a certificate that does not name the host it reached', async () => {
      await expect(connect(url('127.0.0.1', server.caFile))).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    });
  },
);
