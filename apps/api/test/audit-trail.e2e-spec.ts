import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@bulwark/logging';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkOf, type AuditEventRow, type ChainHead } from '../src/security/audit/audit-chain.js';
import { AuditArchiveService } from '../src/security/audit/audit-archive.service.js';
import { AuditChainKeys } from '../src/security/audit/audit-chain-keys.js';
import { AuditEventRepository } from '../src/security/audit/audit-event.repository.js';
import {
  AuditVerifyService,
  describeChainBreak,
} from '../src/security/audit/audit-verify.service.js';
import { AuditMetrics } from '../src/security/audit/audit.metrics.js';
import { AuditService } from '../src/security/audit/audit.service.js';
import { AuditWriteError } from '../src/security/audit/audit.errors.js';
import { loadConfig, type AppConfig } from '../src/app.config.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import { runApiEntry } from './support/api-process.js';
import { captureLogs } from './support/log-capture.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const APPENDS_PER_WRITER = 150;

type Statement = string | readonly [sql: string, parameters: readonly unknown[]];

interface Tamperer {
  /** Runs SQL as the owner of the tables can: with their triggers and the keyed constraint off. */
  asOwner(...statements: Statement[]): Promise<void>;
}

const TRAIL_TABLES = ['audit_events', 'audit_chain_head', 'audit_checkpoints'];
const KEYED_CONSTRAINT = 'CHECK (key_id IS NOT NULL) NOT VALID';

describe.each(testDatabases())('audit trail on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let config: AppConfig;
  let dataSource: DataSource;

  const open = async (): Promise<DataSource> =>
    new DataSource({ ...dataSourceOptions(config), migrationsRun: true }).initialize();
  const keys = (): AuditChainKeys => new AuditChainKeys(config.keyRings.auditChain);
  const auditService = (source: DataSource): AuditService =>
    new AuditService(
      new AuditEventRepository(source),
      createLogger({ service: 't', env: 'test', version: '1', level: 'error' }),
      keys(),
      new AuditMetrics(new Registry()),
    );
  const verifier = (): AuditVerifyService =>
    new AuditVerifyService(new AuditEventRepository(dataSource), keys());
  const owner: Tamperer = {
    asOwner: async (...statements) => {
      for (const table of TRAIL_TABLES) {
        await dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      }
      await dataSource.query('ALTER TABLE audit_events DROP CONSTRAINT audit_events_keyed');
      try {
        for (const statement of statements) {
          const [sql, parameters] = typeof statement === 'string' ? [statement, []] : statement;
          await dataSource.query(sql, [...parameters]);
        }
      } finally {
        await dataSource.query(
          `ALTER TABLE audit_events ADD CONSTRAINT audit_events_keyed ${KEYED_CONSTRAINT}`,
        );
        for (const table of TRAIL_TABLES) {
          await dataSource.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        }
      }
    },
  };
  const chainHead = async (): Promise<ChainHead> => {
    const [head] = await dataSource.query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_chain_head',
    );
    return { seq: Number(head?.seq), hash: head?.hash ?? '' };
  };
  /** Copies the trail aside; the function returned puts it back as it was. */
  const backUp = async (): Promise<() => Promise<void>> => {
    await dataSource.query('CREATE TABLE audit_backup AS SELECT * FROM audit_events');
    const head = await chainHead();
    return () =>
      owner.asOwner(
        'DELETE FROM audit_events',
        'INSERT INTO audit_events SELECT * FROM audit_backup',
        ['UPDATE audit_chain_head SET seq = $1, hash = $2', [head.seq, head.hash]],
        'DROP TABLE audit_backup',
      );
  };
  const rowsFrom = (seq: number): Promise<AuditEventRow[]> =>
    new AuditEventRepository(dataSource).readChain((snapshot) =>
      snapshot.rowsAfter(seq - 1, 100_000),
    );

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
        from: 0,
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

  it('counts an event whose row the database refuses, and still rejects it', async () => {
    const registry = new Registry();
    // Never opened: every append fails, as with a database that refuses the row.
    const unopened = new DataSource({ ...dataSourceOptions(config) });
    const logs = captureLogs();
    const service = new AuditService(
      new AuditEventRepository(unopened),
      logs.logger(config),
      keys(),
      new AuditMetrics(registry),
    );
    await expect(
      service.record({ event: 'authn_token_reuse', outcome: 'failure' }),
    ).rejects.toBeInstanceOf(AuditWriteError);
    const totals = Object.fromEntries(
      (await registry.getMetricsAsJSON()).map((metric) => [
        metric.name,
        metric.values.reduce((sum, { value }) => sum + value, 0),
      ]),
    );
    expect(totals).toMatchObject({
      bulwark_audit_write_failures_total: 1,
      bulwark_token_reuse_total: 1,
    });
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ event: 'authn_token_reuse', stored: false }),
    );
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
    const restore = await backUp();
    try {
      await tamper(owner);
      const { broken, verified } = await verifier().verify();
      expect(broken).toBeDefined();
      expect(describeBreak(broken)).toMatch(expected);
      expect(verified).toBe(41);
    } finally {
      await restore();
    }
    expect(await verifier().verify()).toEqual(before);
  });

  // The review's attacks by whoever holds the owner's role but not AUDIT_CHAIN_KEYS. `shipped` is
  // the last auditSeq/auditHash the central log store received before the attack.
  it.each<[string, (shipped: ChainHead) => Promise<void>, RegExp | undefined, RegExp]>([
    [
      'disables the triggers, edits a row and re-hashes it and every later row without the key',
      async () => {
        const statements: Statement[] = [];
        let prevHash = '';
        for (const row of await rowsFrom(42)) {
          const forged = {
            ...row,
            actor: row.seq === 42 ? 'someone-else' : row.actor,
            keyId: null,
            prevHash: row.seq === 42 ? row.prevHash : prevHash,
          };
          prevHash = linkOf(forged, undefined);
          statements.push([
            'UPDATE audit_events SET actor = $1, key_id = NULL, prev_hash = $2, hash = $3 WHERE seq = $4',
            [forged.actor, forged.prevHash, prevHash, row.seq],
          ]);
        }
        statements.push(['UPDATE audit_chain_head SET hash = $1', [prevHash]]);
        await owner.asOwner(...statements);
      },
      /^seq 42 \(id [0-9a-f-]{36}\) has no chain key, after keyed rows/,
      /^seq 42 \(id [0-9a-f-]{36}\) has no chain key, after keyed rows/,
    ],
    [
      'cuts the tail and moves the head back',
      async (shipped) => {
        const [kept] = await rowsFrom(shipped.seq - 5);
        await owner.asOwner(
          ['DELETE FROM audit_events WHERE seq > $1', [kept?.seq]],
          ['UPDATE audit_chain_head SET seq = $1, hash = $2', [kept?.seq, kept?.hash]],
        );
      },
      undefined,
      /^the chain ends at seq \d+, before the expected seq \d+: the tail was cut and the head moved back$/,
    ],
    [
      'appends a forged row with a correctly computed unkeyed hash, and advances the head',
      async (shipped) => {
        const [last] = await rowsFrom(shipped.seq);
        const row = { ...last!, seq: shipped.seq + 1, id: randomUUID(), keyId: null };
        const hash = linkOf({ ...row, prevHash: shipped.hash }, undefined);
        await owner.asOwner(
          [
            `INSERT INTO audit_events (seq, id, occurred_at, event, outcome, actor, target, ip,
               request_id, metadata, prev_hash, hash, key_id)
             SELECT $1, $2, occurred_at, event, outcome, actor, target, ip, request_id, metadata,
               $3, $4, NULL FROM audit_events WHERE seq = $5`,
            [row.seq, row.id, shipped.hash, hash, shipped.seq],
          ],
          ['UPDATE audit_chain_head SET seq = $1, hash = $2', [row.seq, hash]],
        );
      },
      /^seq \d+ \(id [0-9a-f-]{36}\) has no chain key, after keyed rows/,
      /^seq \d+ \(id [0-9a-f-]{36}\) has no chain key, after keyed rows/,
    ],
  ])('fails verification when the owner %s', async (_label, attack, alone, againstShipped) => {
    const shipped = await chainHead();
    const restore = await backUp();
    try {
      await attack(shipped);
      const { broken } = await verifier().verify();
      expect(describeBreak(broken)).toMatch(alone ?? /^intact$/);
      const checked = await verifier().verify(shipped);
      expect(describeBreak(checked.broken)).toMatch(againstShipped);
    } finally {
      await restore();
    }
    expect((await verifier().verify(shipped)).broken).toBeUndefined();
  });

  /** Runs `pnpm cli`; PGlite is one process's database: hand it over to the CLI and take it back. */
  const cli = async (
    args: string[],
  ): Promise<{ code: number | null; stdout: string; out: string }> => {
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...(scratch && { DATABASE_URL: scratch.url, DATABASE_MIGRATION_URL: scratch.url }),
    };
    if (database.kind === 'pglite') {
      await dataSource.destroy();
    }
    const run = runApiEntry('cli', args, env);
    const code = await run.exited();
    if (database.kind === 'pglite') {
      dataSource = await open();
    }
    return { code, stdout: run.stdout(), out: run.stdout() + run.stderr() };
  };

  it('pnpm cli audit:verify exits 0 with the count, and 1 naming an edited row', async () => {
    const intact = await cli(['audit:verify']);
    expect(intact.stdout).toMatch(/^audit chain intact: \d+ events\n$/);
    expect(intact.code).toBe(0);

    const restore = await backUp();
    try {
      await owner.asOwner("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 7");
      const broken = await cli(['audit:verify']);
      expect(broken.out).toMatch(
        /BROKEN after 6 intact events: seq 7 \(id [0-9a-f-]{36}\) was altered/,
      );
      expect(broken.code).toBe(1);
    } finally {
      await restore();
    }
  });

  it('pnpm cli audit:verify --expect-head fails on a cut tail that the table alone calls intact', async () => {
    const shipped = await chainHead();
    const expectHead = ['audit:verify', '--expect-head', `${shipped.seq}:${shipped.hash}`];
    const intact = await cli(expectHead);
    expect(intact.stdout).toBe(
      `audit chain intact: ${shipped.seq} events, seq ${shipped.seq} as shipped\n`,
    );
    expect(intact.code).toBe(0);

    const restore = await backUp();
    try {
      const kept = shipped.seq - 3;
      const [row] = await rowsFrom(kept);
      await owner.asOwner(
        ['DELETE FROM audit_events WHERE seq > $1', [kept]],
        ['UPDATE audit_chain_head SET seq = $1, hash = $2', [kept, row?.hash]],
      );
      expect((await verifier().verify()).broken).toBeUndefined();
      const cut = await cli(expectHead);
      expect(cut.out).toContain(
        `BROKEN after ${kept} intact events: the chain ends at seq ${kept}, before the expected seq ${shipped.seq}: the tail was cut and the head moved back`,
      );
      expect(cut.code).toBe(1);
    } finally {
      await restore();
    }
  });

  it('refuses to archive a chain that does not verify: nothing written, nothing deleted', async () => {
    const file = join(dataDir, 'broken.jsonl');
    const archiver = new AuditArchiveService(
      new AuditEventRepository(dataSource),
      keys(),
      auditService(dataSource),
    );
    const restore = await backUp();
    try {
      await owner.asOwner("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 7");
      const outcome = await archiver.archive({ beforeSeq: 101 }, file);
      expect(outcome).toMatchObject({ kind: 'broken', broken: { kind: 'altered', seq: 7 } });
      expect(existsSync(file)).toBe(false);
      expect(await rowsFrom(1)).toHaveLength((await chainHead()).seq);
    } finally {
      await restore();
    }
  });

  // Archives for good (checkpoints only grow): the tests after it see a chain that starts there.
  it('pnpm cli audit:archive exports a verified segment, checkpoints it and deletes it; verify goes on from there', async () => {
    const file = join(dataDir, 'audit-1-100.jsonl');
    const archived = await cli(['audit:archive', '--before', '101', '--out', file]);
    expect(archived.out).toMatch(
      new RegExp(`^archived seq 1-100 to ${file}; checkpoint seq 100, hash [0-9a-f]{64}\n`),
    );
    expect(archived.code).toBe(0);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(header.lastHash).toMatch(/^[0-9a-f]{64}$/);
    expect(header).toEqual({
      format: 'bulwark-audit-archive-v1',
      firstSeq: 1,
      lastSeq: 100,
      prevHash: '0'.repeat(64),
      lastHash: header.lastHash,
    });
    expect(lines).toHaveLength(101);
    const [oldest] = await dataSource.query<{ seq: string }[]>(
      'SELECT min(seq) AS seq FROM audit_events',
    );
    expect(Number(oldest?.seq)).toBe(101);
    const [event] = await rowsFrom((await chainHead()).seq);
    expect(event).toMatchObject({
      event: 'sensitive_delete',
      target: 'audit_events',
      metadata: { firstSeq: 1, lastSeq: 100, lastHash: header.lastHash },
    });

    const verified = await verifier().verify();
    expect(verified).toMatchObject({ from: 100, broken: undefined });
    expect(verified.verified).toBe(verified.head - 100);
    const archive = await cli(['audit:verify', '--archive', file]);
    expect(archive.stdout).toBe(`audit archive ${file} intact: 100 events\n`);
    expect(archive.code).toBe(0);

    const tampered = join(dataDir, 'tampered.jsonl');
    writeFileSync(
      tampered,
      lines.with(10, lines[10]!.replace('"failure"', '"success"')).join('\n'),
    );
    const edited = await verifier().verifyArchive(tampered);
    expect(describeBreak(edited.broken)).toMatch(/^seq 10 \(id [0-9a-f-]{36}\) was altered/);
    writeFileSync(tampered, lines.slice(0, 60).join('\n'));
    const cut = await verifier().verifyArchive(tampered);
    expect(describeBreak(cut.broken)).toMatch(
      /^seq 60 and later rows up to the chain head are missing/,
    );
  });

  it('keeps the checkpoints, and the rows not behind one, append-only', async () => {
    const [row] = await rowsFrom(101);
    for (const [sql, parameters] of [
      ['DELETE FROM audit_events WHERE seq = 101', []],
      [
        `INSERT INTO audit_events (seq, id, occurred_at, event, outcome, actor, metadata, prev_hash, hash, key_id)
         VALUES (50, $1, now(), 'authz_fail', 'failure', 'system', '{}', $2, $3, 'dev1')`,
        [randomUUID(), '1'.repeat(64), '2'.repeat(64)],
      ],
      [
        'INSERT INTO audit_checkpoints (seq, hash, key_id) VALUES (101, $1, $2)',
        ['3'.repeat(64), row?.keyId],
      ],
      ['DELETE FROM audit_checkpoints', []],
      ["UPDATE audit_checkpoints SET hash = repeat('4', 64)", []],
      ['TRUNCATE audit_checkpoints', []],
    ] as const) {
      await expect(dataSource.query(sql, [...parameters]), sql).rejects.toThrow(
        /append-only|only advances/,
      );
    }
  });

  it('fails verification of rows deleted without a checkpoint', async () => {
    const restore = await backUp();
    try {
      await owner.asOwner('DELETE FROM audit_events WHERE seq <= 110');
      expect(describeBreak((await verifier().verify()).broken)).toBe(
        'seq 101 is missing: the row was deleted',
      );
    } finally {
      await restore();
    }
    expect((await verifier().verify()).broken).toBeUndefined();
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

      // What an operator reads from the central log store: the last line's auditSeq and auditHash.
      const shipped = `${String(events[1]?.auditSeq)}:${String(events[1]?.auditHash)}`;
      const verify = runApiEntry('cli', ['audit:verify', '--expect-head', shipped], env);
      expect(await verify.exited()).toBe(0);
      expect(verify.stdout()).toBe('audit chain intact: 2 events, seq 2 as shipped\n');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
