import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@bulwark/logging';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEventRepository } from '../src/audit/audit-event.repository.js';
import { AuditVerifyService, describeChainBreak } from '../src/audit/audit-verify.service.js';
import { AuditService } from '../src/audit/audit.service.js';
import { loadConfig, type AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { runApiEntry } from './support/api-process.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const APPENDS_PER_WRITER = 150;

interface Tamperer {
  /** Runs SQL as a database owner would: with the append-only triggers disabled. */
  asOwner(sql: string): Promise<void>;
}

describe.each(testDatabases())('audit trail on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let config: AppConfig;
  let dataSource: DataSource;

  const open = async (): Promise<DataSource> =>
    new DataSource({ ...dataSourceOptions(config), migrationsRun: true }).initialize();
  const auditService = (source: DataSource): AuditService =>
    new AuditService(
      new AuditEventRepository(source),
      createLogger({ service: 't', env: 'test', version: '1', level: 'error' }),
    );
  const verifier = (): AuditVerifyService =>
    new AuditVerifyService(new AuditEventRepository(dataSource));
  const owner: Tamperer = {
    asOwner: async (sql) => {
      await dataSource.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      try {
        await dataSource.query(sql);
      } finally {
        await dataSource.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      }
    },
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
    scratch =
      database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...(scratch && { DATABASE_URL: scratch.url }),
    });
    dataSource = await open();
  });
  afterAll(async () => {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps one unbroken chain under concurrent appends from two writers', async () => {
    // Two connection pools, as two API instances would have; PGlite is one in-process session,
    // so there both writers share it through the same repository code.
    const second = database.kind === 'postgres' ? await open() : dataSource;
    try {
      const writers = [auditService(dataSource), auditService(second)];
      const rows = await Promise.all(
        writers.flatMap((writer, index) =>
          Array.from({ length: APPENDS_PER_WRITER }, (_, n) =>
            writer.record({
              event: 'authn_login_fail',
              outcome: 'failure',
              target: `user:${index}-${n}`,
            }),
          ),
        ),
      );
      const seqs = rows.map((row) => row.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 2 * APPENDS_PER_WRITER }, (_, n) => n + 1));
      expect(await verifier().verify()).toEqual({
        verified: 2 * APPENDS_PER_WRITER,
        head: 2 * APPENDS_PER_WRITER,
        broken: undefined,
      });
    } finally {
      if (second !== dataSource) {
        await second.destroy();
      }
    }
  });

  // Lock waits are PostgreSQL's to observe: PGlite is one session, where nothing can wait.
  if (database.kind === 'postgres') {
    it('holds one connection for a flood of appends from one instance: none waits on the chain', async () => {
      const writer = auditService(dataSource);
      const observer = await open();
      const flood = { running: true, mostWaiting: 0 };
      try {
        const appends = Promise.all(
          Array.from({ length: 60 }, (_, n) =>
            writer.record({ event: 'authn_login_fail', outcome: 'failure', target: `flood:${n}` }),
          ),
        ).finally(() => {
          flood.running = false;
        });
        while (flood.running) {
          const [sample] = await observer.query<{ waiting: number }[]>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          flood.mostWaiting = Math.max(flood.mostWaiting, sample?.waiting ?? 0);
        }
        await appends;
      } finally {
        await observer.destroy();
      }
      expect(flood.mostWaiting).toBe(0);
    });
  }

  it('refuses to update, delete or truncate audit rows, and to move the head but forward', async () => {
    for (const sql of [
      "UPDATE audit_events SET outcome = 'success' WHERE seq = 1",
      'DELETE FROM audit_events WHERE seq = 1',
      'TRUNCATE audit_events CASCADE',
      'UPDATE audit_chain_head SET seq = seq - 1',
      'DELETE FROM audit_chain_head',
    ]) {
      await expect(dataSource.query(sql), sql).rejects.toThrow(/append-only|only advances|never/);
    }
  });

  it('stores metadata redacted and escaped', async () => {
    const row = await auditService(dataSource).record({
      event: 'authz_fail',
      outcome: 'failure',
      target: 'note:7\r\nforged',
      metadata: { password: 'hunter2', reason: 'Bearer abc.def-ghi', nul: 'a\u0000b\uD800' },
    });
    const [stored] = await dataSource.query<{ target: string; metadata: Record<string, string> }[]>(
      'SELECT target, metadata FROM audit_events WHERE seq = $1',
      [row.seq],
    );
    expect(stored).toEqual({
      target: 'note:7\\r\\nforged',
      metadata: { password: '[REDACTED]', reason: 'Bearer [REDACTED]', nul: 'a\\u0000b\uFFFD' },
    });
  });

  it.each<[string, (tamperer: Tamperer) => Promise<void>, RegExp]>([
    [
      'an edited row',
      (t) => t.asOwner("UPDATE audit_events SET outcome = 'success' WHERE seq = 42"),
      /^seq 42 \(id [0-9a-f-]{36}\) was altered/,
    ],
    [
      'a deleted row',
      (t) => t.asOwner('DELETE FROM audit_events WHERE seq = 42'),
      /^seq 42 is missing: the row was deleted/,
    ],
    [
      'two swapped rows',
      async (t) => {
        await t.asOwner('UPDATE audit_events SET seq = 1000000 WHERE seq = 42');
        await t.asOwner('UPDATE audit_events SET seq = 42 WHERE seq = 43');
        await t.asOwner('UPDATE audit_events SET seq = 43 WHERE seq = 1000000');
      },
      /^seq 42 \(id [0-9a-f-]{36}\) does not follow seq 41: rows were reordered/,
    ],
  ])('names the row after %s', async (_label, tamper, expected) => {
    const before = await verifier().verify();
    await dataSource.query('CREATE TEMP TABLE audit_backup AS SELECT * FROM audit_events');
    try {
      await tamper(owner);
      const { broken, verified } = await verifier().verify();
      expect(broken).toBeDefined();
      expect(describeBreak(broken)).toMatch(expected);
      expect(verified).toBe(41);
    } finally {
      await owner.asOwner(
        'DELETE FROM audit_events; INSERT INTO audit_events SELECT * FROM audit_backup; DROP TABLE audit_backup',
      );
    }
    expect(await verifier().verify()).toEqual(before);
  });

  it('pnpm cli audit:verify exits 0 with the count, and 1 naming an edited row', async () => {
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...(scratch && { DATABASE_URL: scratch.url }),
    };
    // PGlite is one process's database: hand it over to the CLI and take it back.
    const cli = async (): Promise<{ code: number | null; stdout: string; out: string }> => {
      if (database.kind === 'pglite') {
        await dataSource.destroy();
      }
      const run = runApiEntry('cli', ['audit:verify'], env);
      const code = await run.exited();
      if (database.kind === 'pglite') {
        dataSource = await open();
      }
      return { code, stdout: run.stdout(), out: run.stdout() + run.stderr() };
    };
    const intact = await cli();
    expect(intact.stdout).toMatch(/^audit chain intact: \d+ events\n$/);
    expect(intact.code).toBe(0);

    await owner.asOwner("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 7");
    const broken = await cli();
    expect(broken.out).toMatch(
      /BROKEN after 6 intact events: seq 7 \(id [0-9a-f-]{36}\) was altered/,
    );
    expect(broken.code).toBe(1);
  });
});

function describeBreak(broken: Parameters<typeof describeChainBreak>[0] | undefined): string {
  return broken === undefined ? 'intact' : describeChainBreak(broken);
}

describe('audit trail of the API process', () => {
  it('records sys_startup at boot and sys_shutdown on SIGTERM, in an intact chain', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-audit-boot-'));
    try {
      const env = { DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'development' };
      const api = runApiEntry('main', [], env);
      await api.waitForLine(/Listening on /);
      api.child.kill('SIGTERM');
      expect(await api.exited()).toBe(0);
      const events = api
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"audit":true'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(events).toEqual([
        expect.objectContaining({ event: 'sys_startup', actor: 'system', auditSeq: 1 }),
        expect.objectContaining({
          event: 'sys_shutdown',
          metadata: { signal: 'SIGTERM' },
          auditSeq: 2,
        }),
      ]);

      const verify = runApiEntry('cli', ['audit:verify'], env);
      expect(await verify.exited()).toBe(0);
      expect(verify.stdout()).toBe('audit chain intact: 2 events\n');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
