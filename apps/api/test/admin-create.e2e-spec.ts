import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/api-process.js';
import { authenticatorCode } from './support/authenticator.js';
import { apiClient, bodyOf, type TotpSetup } from './support/api-client.js';
import { login, send, GOOD_PASSWORD } from './support/identity.js';
import { expectProblem } from './support/problem.js';
import { startTestApp } from './support/test-app.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const ADMIN = 'root@example.com';

describe.each(testDatabases())('pnpm cli admin:create on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-admin-'));
    scratch =
      database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    };
    expect((await runCli(['db:migrate'], env)).code).toBe(0);
  });
  afterEach(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a verified admin from a password piped on stdin, who can log in', async () => {
    const created = await runCli(['admin:create', '--email', ADMIN], env, `${GOOD_PASSWORD}\n`);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/created admin [0-9a-f-]{36}/);
    expect(created.out).not.toContain(GOOD_PASSWORD);

    const api = await startTestApp({ env });
    try {
      const { accessToken } = await login(api, ADMIN);
      const me = await bodyOf(apiClient(api).me(accessToken));
      expect(me).toMatchObject({ roles: ['admin', 'user'], emailVerified: true });
      const events = await api.app
        .get(DataSource)
        .query<{ event: string; actor: string }[]>(
          `SELECT event, actor FROM audit_events WHERE event IN ('user_created', 'privilege_permissions_changed') ORDER BY seq`,
        );
      expect(events).toEqual([
        { event: 'user_created', actor: 'system' },
        { event: 'privilege_permissions_changed', actor: 'system' },
      ]);
    } finally {
      await api.close();
    }
  });

  it('refuses a password the policy refuses, an empty stdin, a taken address, and a --password argument', async () => {
    const weak = await runCli(['admin:create', '--email', ADMIN], env, 'password1234\n');
    expect(weak.code).toBe(1);
    expect(weak.out).toContain(
      'Password rejected (breached): It is a common password, or one seen in a data breach.',
    );
    expect((await runCli(['admin:create', '--email', ADMIN], env, '')).code).toBe(1);
    const argv = await runCli(['admin:create', '--email', ADMIN, '--password', GOOD_PASSWORD], env);
    expect(argv.code).toBe(1);
    expect(argv.out).toMatch(/unknown option/);

    expect((await runCli(['admin:create', '--email', ADMIN], env, GOOD_PASSWORD)).code).toBe(0);
    const again = await runCli(
      ['admin:create', '--email', ADMIN.toUpperCase()],
      env,
      GOOD_PASSWORD,
    );
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/already has this e-mail address/);
  });

  it('mfa:reset removes a second factor and ends the sessions of a user who lost it', async () => {
    expect((await runCli(['admin:create', '--email', ADMIN], env, GOOD_PASSWORD)).code).toBe(0);
    let api = await startTestApp({ env });
    let sessionToken: string;
    try {
      const { accessToken } = await login(api, ADMIN);
      sessionToken = accessToken;
      const setup = apiClient(api).send<TotpSetup>('POST', '/auth/mfa/totp/setup', {}, accessToken);
      const { secret } = await bodyOf(setup);
      const code = authenticatorCode(secret, Date.now());
      const confirmed = await send(api, 'POST', '/auth/mfa/totp/confirm', { code }, accessToken);
      expect(confirmed.status).toBe(200);
    } finally {
      await api.close();
    }

    expect((await runCli(['mfa:reset', '--email', 'nobody@example.com'], env)).code).toBe(1);
    const reset = await runCli(['mfa:reset', '--email', ADMIN], env);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/reset MFA of [0-9a-f-]{36}; every session ended/);

    api = await startTestApp({ env });
    try {
      await expectProblem(await send(api, 'GET', '/users/me', undefined, sessionToken), 401);
      // No challenge any more; an admin must enrol again before anything else.
      const { accessToken } = await login(api, ADMIN);
      const me = await bodyOf(apiClient(api).me(accessToken));
      expect(me.mfaEnabled).toBe(false);
      const problem = await expectProblem(
        await send(api, 'GET', '/auth/sessions', undefined, accessToken),
        403,
      );
      expect(problem.type).toBe('urn:bulwark:problem:mfa-enrolment-required');
    } finally {
      await api.close();
    }
  });
});
