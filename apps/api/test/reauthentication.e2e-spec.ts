import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorCode } from './support/authenticator.js';
import { apiClient, bodyOf, type ApiClient, type Tokens } from './support/api-client.js';
import { GOOD_PASSWORD, login, registerVerified, uniqueEmail } from './support/identity.js';
import { enrolledUser, PROBLEM } from './support/mfa.js';
import { subjectOf } from './support/forged-tokens.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const MAX_AGE_SECONDS = 600;

const sessionOf = (tokens: Tokens): string => subjectOf(tokens.accessToken).sessionId;

describe.each(testDatabases())('re-authentication on $kind', (database) => {
  let api: TestApp;
  let client: ApiClient;

  beforeAll(async () => {
    api = await startTestApp({
      database,
      env: { REAUTHENTICATION_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS) },
    });
    client = apiClient(api);
  });
  afterAll(async () => {
    await api.close();
  });

  /** A session whose every proof (password, second factor) is old, as a stolen token's may be. */
  async function aged(tokens: Tokens): Promise<Tokens> {
    const longAgo = new Date(Date.now() - 2 * MAX_AGE_SECONDS * 1000);
    await api.app
      .get(DataSource)
      .query(
        'UPDATE sessions SET created_at = $2::timestamptz, mfa_verified_at = CASE WHEN mfa_verified_at IS NULL THEN NULL ELSE $2::timestamptz END WHERE id = $1',
        [sessionOf(tokens), longAgo],
      );
    return tokens;
  }

  const staleSession = async (email: string): Promise<Tokens> => aged(await login(api, email));

  const reauthenticationRequired = async (response: Response): Promise<void> => {
    expect((await expectProblem(response, 403)).type).toBe(`${PROBLEM}reauthentication-required`);
  };

  it('refuses a stale session the routes that add a factor or end sessions, audited', async () => {
    const email = uniqueEmail('stale');
    await registerVerified(api, email);
    const other = await login(api, email);
    const stolen = await staleSession(email);
    const call = (method: string, path: string) =>
      client.send(method, path, undefined, stolen.accessToken);

    await reauthenticationRequired(await call('POST', '/auth/mfa/totp/setup'));
    await reauthenticationRequired(await call('DELETE', `/auth/sessions/${sessionOf(other)}`));
    await reauthenticationRequired(await call('POST', '/auth/logout-all'));
    // Nothing happened: the other session lives, and no factor is pending.
    expect((await client.me(other.accessToken)).status).toBe(200);
    const refusals = await api.app
      .get(DataSource)
      .query<{ metadata: unknown }[]>(
        `SELECT metadata FROM audit_events WHERE event = 'authz_fail' AND actor = (SELECT actor FROM audit_events WHERE target = $1 LIMIT 1)`,
        [`session:${sessionOf(stolen)}`],
      );
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toEqual({ metadata: { reason: 'reauthentication_required' } });
  });

  it('accepts the password again, with new tokens that end the old ones', async () => {
    const email = uniqueEmail('password');
    await registerVerified(api, email);
    const other = await login(api, email);
    const stale = await staleSession(email);
    const reauthenticate = (password: string) => client.reauthenticate(password, stale.accessToken);

    expect((await expectProblem(await reauthenticate('not my password'), 400)).type).toBe(
      `${PROBLEM}current-password-incorrect`,
    );
    const renewed = await bodyOf(reauthenticate(GOOD_PASSWORD));
    expect(sessionOf(renewed)).not.toBe(sessionOf(stale));
    await expectProblem(await client.me(stale.accessToken), 401);
    await expectProblem(await client.refresh(stale.refreshToken), 401);
    const call = (method: string, path: string) =>
      client.send(method, path, undefined, renewed.accessToken);
    expect((await call('POST', '/auth/mfa/totp/setup')).status).toBe(200);
    expect((await call('DELETE', `/auth/sessions/${sessionOf(other)}`)).status).toBe(204);
    expect((await call('POST', '/auth/logout-all')).status).toBe(204);
  });

  it('accepts a current second factor instead, through step-up', async () => {
    const user = await enrolledUser(api, uniqueEmail('second-factor'));
    const stale = await aged(user.tokens);
    await reauthenticationRequired(await client.logoutAll(stale.accessToken));
    const code = authenticatorCode(user.secret, user.anchorMs, 1);
    const renewed = await bodyOf(client.stepUp(code, stale.accessToken));
    expect((await client.logoutAll(renewed.accessToken)).status).toBe(204);
  });
});
