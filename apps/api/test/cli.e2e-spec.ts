import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { withDataContext } from '../src/cli/data-context.js';
import { loadConfig } from '../src/app.config.js';
import { API_VERSION } from '../src/platform/logging/app-logger.factory.js';
import { IP_BAN_REDIS_KEY_PREFIX } from '../src/security/ip-bans/ip-bans.config.js';
import { RedisIpBanStore } from '../src/security/ip-bans/redis-ip-ban.store.js';
import { openTestRedis, TEST_REDIS_URL } from './support/redis.js';
import { runApiEntry, runCli } from './support/api-process.js';
import { GOOD_PASSWORD, login } from './support/identity.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';
import { REDIS } from './support/requirements.js';

describe('pnpm cli', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists its commands with --help', async () => {
    const { code, out } = await runCli(['--help'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(out).toContain('db:migrate');
    expect(out).toContain('tls:dev-cert');
  });

  it('fails on an unknown command', async () => {
    expect((await runCli(['db:drop-everything'], { DATA_DIR: dataDir })).code).toBe(1);
  });

  it('prints its version, and a data command prints only its own output', async () => {
    const env = { NODE_ENV: 'test', DATA_DIR: dataDir };
    // The first command generates the development keys, with a warning each.
    expect((await runCli(['db:migrate'], env)).code).toBe(0);
    expect(await runCli(['--version'], env)).toEqual({ code: 0, out: `${API_VERSION}\n` });
    const created = await runCli(
      ['admin:create', '--email', 'root@example.com'],
      env,
      `${GOOD_PASSWORD}\n`,
    );
    // Its audit events went to the database and the sinks, not to the terminal.
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^created admin [0-9a-f-]{36}\n$/);
  });

  it('fails through `pnpm cli` with its one line, the exit code and no pnpm error block', async () => {
    const child = spawn('pnpm', ['cli', 'mail:show', '--to', 'nobody@example.com'], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, out }).toEqual({
      code: 1,
      out: expect.stringMatching(
        /\nNo mail with to nobody@example\.com in the outbox\n$/,
      ) as unknown,
    });
    expect(out).not.toContain('ELIFECYCLE');
  });

  it('writes a development certificate with a private key only its owner can read', async () => {
    const { code, out } = await runCli(['tls:dev-cert'], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    const keyFile = /TLS_KEY_FILE=(.+)/.exec(out)?.[1];
    expect(keyFile).toBeDefined();
    expect(statSync(keyFile!).mode & 0o777).toBe(0o600);
  });

  it('refuses the embedded database a running server holds, and takes it over once that server is killed', async () => {
    const env = { NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0' };
    const server = runApiEntry('main', [], env);
    try {
      await server.waitForLine(/Listening on /);
      const refused = await runCli(
        ['admin:create', '--email', 'root@example.com'],
        env,
        `${GOOD_PASSWORD}\n`,
      );
      expect(refused.code).toBe(1);
      expect(refused.out).toBe(
        `The embedded database in ${join(dataDir, 'pglite')} is in use by process ${server.child.pid}: stop it (e.g. pnpm dev), or set DATABASE_URL to share a PostgreSQL server between processes\n`,
      );
    } finally {
      server.child.kill('SIGKILL');
      await server.exited();
    }
    // The killed server's lock is stale: the next command takes it over at once, and what it
    // writes is there for the next server.
    const created = await runCli(
      ['admin:create', '--email', 'root@example.com'],
      env,
      `${GOOD_PASSWORD}\n`,
    );
    expect(created.out).toMatch(/created admin/);
    const restarted = runApiEntry('main', [], env);
    try {
      const url = (await restarted.waitForLine(/Listening on (http:\/\/\S+) /))[1]!;
      expect((await login({ url }, 'root@example.com')).tokenType).toBe('Bearer');
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited();
    }
  }, 120_000);

  it.runIf(REDIS.present)(
    'ip-bans:lift lifts a ban shared through Redis, audited, and says why it cannot without Redis',
    async () => {
      const env = { NODE_ENV: 'test', DATA_DIR: dataDir };
      expect((await runCli(['db:migrate'], env)).code).toBe(0);
      const withoutRedis = await runCli(['ip-bans:lift', '198.51.100.7'], env);
      expect(withoutRedis).toMatchObject({
        code: 1,
        out: expect.stringContaining('REDIS_URL') as unknown,
      });

      const redis = await openTestRedis();
      // A ban as the API stores it, of an address no other test uses.
      const address = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;
      try {
        const store = new RedisIpBanStore(redis.redis, {
          distinctAccounts: 1,
          windowSeconds: 60,
          durationSeconds: 60,
          redisKeyPrefix: IP_BAN_REDIS_KEY_PREFIX,
        });
        await store.recordFailure(address, 'user:1');
        expect(await store.banOf(address)).toBeDefined();
        const withRedis = { ...env, REDIS_URL: TEST_REDIS_URL };
        const lift = await runCli(['ip-bans:lift', address], withRedis);
        expect(lift.code).toBe(0);
        expect(lift.out.startsWith(`lifted the ban of ${address}\n`)).toBe(true);
        expect(await store.banOf(address)).toBeUndefined();
        expect((await runCli(['ip-bans:lift', address], withRedis)).out).toContain('is not banned');
        expect((await runCli(['ip-bans:lift', 'not-an-ip'], withRedis)).code).toBe(1);
        const lifted = await withDataContext(loadConfig(withRedis), (context) =>
          context
            .get(DataSource)
            .query<{ actor: string; target: string }[]>(
              `SELECT actor, target FROM audit_events WHERE metadata->>'action' = 'ip_ban_lifted'`,
            ),
        );
        expect(lifted).toEqual([{ actor: 'system', target: `ip:${address}` }]);
      } finally {
        await redis.redis.zrem(`${IP_BAN_REDIS_KEY_PREFIX}bans`, address);
        await redis.redis.del(`${IP_BAN_REDIS_KEY_PREFIX}failures:${address}`);
        await redis.close();
      }
    },
    120_000,
  );

  describe.each(testDatabases())('db:migrate on $kind', (database) => {
    let scratch: ScratchDatabase | undefined;

    beforeEach(async () => {
      scratch =
        database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    });
    afterEach(async () => {
      await scratch?.drop();
    });

    it('applies pending migrations once', async () => {
      const env = { DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
      const first = await runCli(['db:migrate'], env);
      expect(first).toMatchObject({
        code: 0,
        out: expect.stringContaining('Applied: HardenPublicSchema') as unknown,
      });
      const second = await runCli(['db:migrate'], env);
      expect(second).toMatchObject({
        code: 0,
        out: expect.stringContaining('No pending migrations.') as unknown,
      });
      const purge = await runCli(['db:purge'], env);
      expect(purge).toMatchObject({
        code: 0,
        out: expect.stringContaining(
          'purged 0 sessions, 0 mailed tokens, 0 MFA challenges',
        ) as unknown,
      });
    });
  });
});
