import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordAuthenticator } from '../src/identity/credentials/password-authenticator.service.js';
import { PasswordHasherService } from '../src/security/passwords/password-hasher.service.js';
import { SessionService } from '../src/identity/sessions/session.service.js';
import { CredentialChangedError } from '../src/identity/sessions/sessions.errors.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import {
  GOOD_PASSWORD,
  registerVerified,
  send,
  settle,
  uniqueEmail,
  type Tokens,
} from './support/identity.js';
import { apiClient, bodyOf } from './support/api-client.js';
import { latestMailedToken } from './support/outbox.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const NEW_PASSWORD = 'a brand new passphrase nobody knows';
const LOGINS = 7;

/** Mails a reset link to `email` and follows it with NEW_PASSWORD. */
async function resetPassword(api: TestApp, email: string): Promise<void> {
  expect((await send(api, 'POST', '/auth/password/forgot', { email })).status).toBe(202);
  await settle(api);
  const token = latestMailedToken(api.config.dataDir, email, 'bpr');
  const reset = await send(api, 'POST', '/auth/password/reset', {
    token,
    newPassword: NEW_PASSWORD,
  });
  expect(reset.status).toBe(204);
}

describe.each(testDatabases())('a login racing a password change on $kind', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      database,
      env: {
        THROTTLE_LOGIN: '1000/60',
        LOGIN_LOCKOUT_THRESHOLD: '100',
        PASSWORD_HASH_QUEUE_SIZE: '32',
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('starts no session for a password verified before a reset that committed first', async () => {
    const email = uniqueEmail('verified-before');
    await registerVerified(api, email);
    const verified = await api.app
      .get(PasswordAuthenticator)
      .authenticate({ email, password: GOOD_PASSWORD, failureEvent: 'authn_login_fail' });
    await resetPassword(api, email);
    const start = api.app
      .get(SessionService)
      .start(
        { userId: verified!.id, credentialVersion: verified!.credentialVersion },
        { ip: null, userAgent: null },
        { verified: false, enrolmentRequired: false },
      );
    await expect(start).rejects.toBeInstanceOf(CredentialChangedError);
  });

  it('leaves no working token to logins with the old password sent around a reset', async () => {
    const email = uniqueEmail('racing');
    await registerVerified(api, email);
    const logins = Array.from({ length: LOGINS }, () => apiClient(api).login(email, GOOD_PASSWORD));
    await resetPassword(api, email);
    const tokens: Tokens[] = [];
    for (const response of await Promise.all(logins)) {
      expect([200, 401]).toContain(response.status);
      if (response.status === 200) {
        tokens.push(await bodyOf<Tokens>(response));
      }
    }
    for (const { accessToken, refreshToken } of tokens) {
      expect((await apiClient(api).me(accessToken)).status).toBe(401);
      expect((await apiClient(api).refresh(refreshToken)).status).toBe(401);
    }
    expect(
      (await send(api, 'POST', '/auth/login', { email, password: GOOD_PASSWORD })).status,
    ).toBe(401);
    expect((await send(api, 'POST', '/auth/login', { email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });

  it('never writes a rehash of the old password over a reset that committed meanwhile', async () => {
    const email = uniqueEmail('rehash');
    await registerVerified(api, email);
    const users = api.app.get(UsersRepository);
    const before = (await users.findByEmail(email))!;
    await resetPassword(api, email);
    const rehashed = await api.app.get(PasswordHasherService).hash(GOOD_PASSWORD);
    await users.replaceWeakerHash(before.id, before.passwordHash, rehashed);
    const [stored] = await api.app
      .get(DataSource)
      .query<{ password_hash: string }[]>('SELECT password_hash FROM users WHERE id = $1', [
        before.id,
      ]);
    expect(stored?.password_hash).not.toBe(rehashed);
    expect((await send(api, 'POST', '/auth/login', { email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
  });
});
