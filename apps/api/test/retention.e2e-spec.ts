import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionService } from '../src/identity/retention/retention.service.js';
import { subjectOf } from './support/forged-tokens.js';
import { login, registerVerified, send, settle, uniqueEmail } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const DAY_MS = 86_400_000;

describe.each(testDatabases())('retention of expired rows on $kind (ASVS 14.2.4)', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ database, env: { RETENTION_GRACE_DAYS: '7' } });
  });
  afterAll(async () => {
    await api.close();
  });

  const count = async (sql: string, parameters: unknown[]): Promise<number> => {
    const [row] = await api.app.get(DataSource).query<{ count: number }[]>(sql, parameters);
    return row?.count ?? 0;
  };

  it('deletes sessions, tokens and challenges that ended past the grace, and nothing live', async () => {
    const email = uniqueEmail('retention');
    await registerVerified(api, email);
    const live = subjectOf((await login(api, email)).accessToken).sessionId;
    const revokedLongAgo = subjectOf((await login(api, email)).accessToken).sessionId;
    const revokedYesterday = subjectOf((await login(api, email)).accessToken).sessionId;
    expect((await send(api, 'POST', '/auth/password/forgot', { email })).status).toBe(202);
    await settle(api);
    const dataSource = api.app.get(DataSource);
    const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY_MS);
    await dataSource.query(
      `UPDATE sessions SET revoked_at = $2::timestamptz, revoked_reason = 'logout' WHERE id = $1`,
      [revokedLongAgo, daysAgo(8)],
    );
    await dataSource.query(
      `UPDATE sessions SET revoked_at = $2::timestamptz, revoked_reason = 'logout' WHERE id = $1`,
      [revokedYesterday, daysAgo(1)],
    );
    // The verification link was used at registration: make it an old one.
    await dataSource.query(
      `UPDATE account_tokens SET used_at = $1::timestamptz WHERE purpose = 'verify_email' AND used_at IS NOT NULL`,
      [daysAgo(30)],
    );

    const purged = await api.app.get(RetentionService).purge();

    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect(
      await count('SELECT count(*)::int AS count FROM sessions WHERE id = $1', [revokedLongAgo]),
    ).toBe(0);
    expect(
      await count('SELECT count(*)::int AS count FROM refresh_tokens WHERE session_id = $1', [
        revokedLongAgo,
      ]),
    ).toBe(0);
    for (const kept of [live, revokedYesterday]) {
      expect(await count('SELECT count(*)::int AS count FROM sessions WHERE id = $1', [kept])).toBe(
        1,
      );
    }
    expect(
      await count(
        `SELECT count(*)::int AS count FROM account_tokens WHERE purpose = 'verify_email' AND used_at < now() - interval '7 days'`,
        [],
      ),
    ).toBe(0);
    // The reset link just mailed is live: it stays.
    expect(
      await count(
        `SELECT count(*)::int AS count FROM account_tokens WHERE purpose = 'reset_password' AND used_at IS NULL`,
        [],
      ),
    ).toBeGreaterThan(0);
    expect((await api.app.get(RetentionService).purge()).sessions).toBe(0);
  });
});
