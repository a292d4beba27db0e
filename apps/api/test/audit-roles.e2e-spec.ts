import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AuditRoleRepository } from '../src/security/audit/audit-role.repository.js';
import { AuditRoleService } from '../src/security/audit/audit-role.service.js';
import { AuditVerifyService } from '../src/security/audit/audit-verify.service.js';
import { loadConfig, type AppConfig } from '../src/app.config.js';
import { ConfigError } from '../src/platform/config/config.errors.js';
import { dataSourceOptions } from '../src/platform/database/data-source-options.js';
import { send, signedInUser } from './support/identity.js';
import { captureLogs } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { describeWith, POSTGRES } from './support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from './support/test-database.js';

// Roles and privileges are PostgreSQL's: the embedded database has one (superuser) role.
describeWith(POSTGRES)('audit trail under a login role granted bulwark_app', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  // Roles belong to the whole cluster: a name of this run's own, dropped after.
  const role = `bulwark_api_${randomBytes(6).toString('hex')}`;
  let dataDir: string;
  let scratch: ScratchDatabase;
  let ownerConfig: AppConfig;
  let owner: DataSource;
  let api: TestApp;
  let runtime: DataSource;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-audit-roles-'));
    scratch = await createScratchDatabase(adminUrl);
    ownerConfig = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: scratch.url,
      LOG_LEVEL: 'warn',
    });
    owner = await new DataSource({
      ...dataSourceOptions(ownerConfig),
      migrationsRun: true,
    }).initialize();
    await owner.query(`CREATE ROLE ${role} LOGIN IN ROLE bulwark_app`);
    const runtimeUrl = new URL(scratch.url);
    runtimeUrl.username = role;
    api = await startTestApp({
      env: { DATABASE_URL: runtimeUrl.toString(), DATABASE_MIGRATION_URL: scratch.url },
    });
    runtime = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
    await owner.query(`DROP ROLE IF EXISTS ${role}`);
    await owner.destroy();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves sign-in and notes, appending to an intact trail, with nothing the trail forbids', async () => {
    const [connected] = await runtime.query<{ user: string }[]>('SELECT current_user AS user');
    expect(connected?.user).toBe(role);
    const tokens = await signedInUser(api, 'runtime-role@example.com');
    const note = await send(api, 'POST', '/notes', { title: 't', body: 'b' }, tokens.accessToken);
    expect(note.status).toBe(201);

    const verified = await api.app.get(AuditVerifyService).verify();
    expect(verified.broken).toBeUndefined();
    expect(verified.verified).toBeGreaterThan(0);
    expect(await api.app.get(AuditRoleRepository).rewriteRights()).toEqual([]);
    await expect(api.app.get(AuditRoleService).checkRuntimeRole()).resolves.toBeUndefined();
  });

  it.each([
    ["UPDATE audit_events SET outcome = 'success' WHERE seq = 1", 'permission denied'],
    ['DELETE FROM audit_events WHERE seq = 1', 'permission denied'],
    ['TRUNCATE audit_events', 'permission denied'],
    ['ALTER TABLE audit_events DISABLE TRIGGER USER', 'must be owner'],
    ['ALTER TABLE audit_events DROP CONSTRAINT audit_events_keyed', 'must be owner'],
    ['DROP TABLE audit_events', 'must be owner'],
    ['UPDATE audit_chain_head SET seq = seq - 1', 'audit_chain_head only advances'],
    ['DELETE FROM audit_chain_head', 'permission denied'],
    ['ALTER TABLE audit_chain_head DISABLE TRIGGER USER', 'must be owner'],
    [
      'INSERT INTO audit_checkpoints (seq, hash, key_id) SELECT seq, hash, key_id FROM audit_events WHERE seq = 1',
      'permission denied',
    ],
    ["DELETE FROM migrations WHERE name LIKE 'Runtime%'", 'permission denied'],
  ])('refuses the runtime role with a permission error: %s', async (sql, message) => {
    const error: unknown = await runtime.query(sql).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '42501' });
    expect((error as QueryFailedError).message).toContain(message);
  });

  it('refuses an unkeyed row from the runtime role, which holds no chain key in SQL', async () => {
    const [head] = await runtime.query<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_chain_head',
    );
    const forged = runtime.query(
      `INSERT INTO audit_events (seq, id, occurred_at, event, outcome, actor, metadata, prev_hash, hash)
       VALUES ($1, $2, now(), 'authz_admin', 'success', 'system', '{}', $3, $4)`,
      [Number(head?.seq) + 1, randomUUID(), head?.hash, '5'.repeat(64)],
    );
    await expect(forged).rejects.toMatchObject({ driverError: { code: '23514' } });
  });

  it('refuses to start in production as a role that can rewrite the trail, and warns elsewhere', async () => {
    const logs = captureLogs();
    const check = (config: AppConfig): Promise<void> =>
      new AuditRoleService(
        new AuditRoleRepository(owner),
        config,
        logs.logger(config),
      ).checkRuntimeRole();
    const refused: unknown = await check({ ...ownerConfig, isProduction: true }).catch(
      (caught: unknown) => caught,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const { message } = refused as ConfigError;
    expect(message).toContain('DATABASE_URL: its role can rewrite the audit trail (');
    for (const capability of [
      'owns audit_events',
      'UPDATE on audit_events',
      'owns audit_chain_head',
    ]) {
      expect(message).toContain(capability);
    }
    await check(ownerConfig);
    const [warning, ...others] = logs.lines();
    expect(others).toEqual([]);
    expect(warning?.level).toBe('warn');
    expect(String(warning?.message)).toContain(
      'DATABASE_URL: its role can rewrite the audit trail',
    );
  });
});
