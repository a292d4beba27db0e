import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { Passkey } from '../src/identity/webauthn/passkey.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { PasswordHasherService } from '../src/security/passwords/password-hasher.service.js';
import {
  addVirtualAuthenticator,
  launchChromium,
  servePasskeyPage,
  type PageServer,
  type VirtualAuthenticator,
} from './support/browser.js';
import { apiClient } from './support/api-client.js';
import { GOOD_PASSWORD, signedInUser, uniqueEmail } from './support/identity.js';
import { CHROMIUM, describeWith } from './support/requirements.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Passkeys end to end, in a real browser: Chromium with the DevTools virtual authenticator, on a
 * test page at http://localhost:<port> that calls the running API like a web front end does
 * (test/support/passkey-page/index.html). Slow by nature: `pnpm test:browser`.
 */

interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

type Json = Record<string, unknown>;
type Options = { readonly options: Json; readonly attemptToken?: string };

describeWith(CHROMIUM)('Passkeys in a browser', () => {
  let pages: PageServer;
  let api: TestApp;
  let browser: Browser;
  let page: Page;
  let authenticator: VirtualAuthenticator;

  beforeAll(async () => {
    pages = await servePasskeyPage();
    const front = pages.originOf('localhost');
    // sub.localhost is a legitimate origin on the RP id; evil.localhost is another site, which
    // may call the API (CORS) like any phishing page could through its own server.
    const accepted = [front, pages.originOf('sub.localhost')];
    api = await startTestApp({
      env: {
        WEBAUTHN_RP_ID: 'localhost',
        WEBAUTHN_ORIGINS: accepted.join(','),
        CORS_ORIGINS: [...accepted, pages.originOf('evil.localhost')].join(','),
        THROTTLE_LOGIN: '1000/60',
      },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    authenticator = await addVirtualAuthenticator(page);
    await open('localhost');
  }, 60_000);

  beforeEach(async () => {
    await authenticator.clear();
  });

  afterAll(async () => {
    await browser.close();
    await api.close();
    await pages.close();
  });

  /** The test page at `host`, talking to the API. */
  async function open(host: string): Promise<void> {
    await page.goto(`${pages.originOf(host)}/?api=${encodeURIComponent(api.url)}`);
  }

  /** Runs one of the page's functions (or any expression over them) in the browser. */
  function inPage<T>(script: string, ...args: unknown[]): Promise<T> {
    return page.evaluate(
      // Functions of the page are globals there; the script names which one runs.
      ({ script, args }) =>
        (globalThis as unknown as Record<string, (...a: unknown[]) => T>)[script]!(...args),
      { script, args },
    );
  }

  async function registerPasskey(accessToken: string, name = 'Laptop'): Promise<Answer> {
    return inPage<Answer>('registerPasskey', accessToken, name);
  }

  /** A verified account with a passkey registered in its first session. */
  async function userWithPasskey(label: string) {
    const email = uniqueEmail(label);
    const tokens = await signedInUser(api, email);
    const registered = await registerPasskey(tokens.accessToken);
    expect(registered.status).toBe(200);
    const credentialId = (await passkeyRow(registered.body.id as string)).credentialId;
    return { email, tokens, passkeyId: registered.body.id as string, credentialId };
  }

  function passkeyRow(id: string): Promise<Passkey> {
    return api.app.get(DataSource).getRepository(Passkey).findOneByOrFail({ id });
  }

  async function lastAudit(event: string, actor?: string): Promise<Json | undefined> {
    const rows = await api.app
      .get(DataSource)
      .query<{ outcome: string; target: string | null; metadata: Json }[]>(
        `SELECT outcome, target, metadata FROM audit_events WHERE event = $1 AND ($2::text IS NULL OR actor = $2) ORDER BY seq DESC LIMIT 1`,
        [event, actor ?? null],
      );
    const [row] = rows;
    return row === undefined
      ? undefined
      : { outcome: row.outcome, target: row.target, ...row.metadata };
  }

  async function signInOptions(): Promise<Options> {
    return (await inPage<Answer<Options>>('api', '/auth/passkeys/authentication/options')).body;
  }

  function assert(options: Json): Promise<Json> {
    return inPage<Json>('getAssertion', options);
  }

  function signIn(attemptToken: string | undefined, credential: Json): Promise<Answer> {
    return inPage<Answer>('api', '/auth/passkeys/authentication/verify', {
      attemptToken,
      credential,
    });
  }

  it('registers a passkey and lists it with its name, transports and backed-up flag', async () => {
    const { tokens, passkeyId, email } = await userWithPasskey('register');
    const listed = await inPage<Answer<Json[]>>(
      'api',
      '/auth/passkeys',
      undefined,
      tokens.accessToken,
      'GET',
    );
    expect(listed.body).toEqual([
      expect.objectContaining({
        id: passkeyId,
        name: 'Laptop',
        transports: ['internal'],
        backedUp: false,
        lastUsedAt: null,
      }),
    ]);
    const profile = await apiClient(api).me(tokens.accessToken);
    expect(((await profile.json()) as Json).mfaEnabled).toBe(true);
    expect(await lastAudit('user_updated')).toMatchObject({ factor: 'passkey', change: 'enabled' });
    const login = await apiClient(api).login(email, GOOD_PASSWORD);
    expect(await login.json()).toMatchObject({ mfaRequired: true, methods: ['passkey'] });
  });

  it('signs in without a password, with tokens of a session verified with MFA', async () => {
    const { passkeyId } = await userWithPasskey('passwordless');
    // Enumeration-safe: asked for nothing, the options name no account and no credential.
    const { options } = await signInOptions();
    expect(options).not.toHaveProperty('user');
    expect(options.allowCredentials).toEqual([]);
    const signedIn = await inPage<Answer>('signInWithPasskey');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.tokenType).toBe('Bearer');
    expect((await passkeyRow(passkeyId)).lastUsedAt).not.toBeNull();
    // Verified with MFA: a route that requires a recent second factor lets it through (to a 404
    // for no such passkey, where a session without MFA would get 403 step-up-required).
    const changed = await apiClient(api).send(
      'DELETE',
      '/auth/passkeys/00000000-0000-7000-8000-000000000000',
      undefined,
      signedIn.body.accessToken as string,
    );
    expect(changed.status).toBe(404);
  });

  it('completes a password login with a passkey as the second factor', async () => {
    const { email } = await userWithPasskey('second-factor');
    const password = (await (await apiClient(api).login(email, GOOD_PASSWORD)).json()) as Json;
    expect(password).toMatchObject({ mfaRequired: true });
    const completed = await inPage<Answer>('completeLoginWithPasskey', password.mfaToken);
    expect(completed.status).toBe(200);
    expect(typeof completed.body.accessToken).toBe('string');
    // The mfaToken was used up with the challenge.
    const again = await inPage<Answer>('completeLoginWithPasskey', password.mfaToken);
    expect(again.status).toBe(401);
  });

  it('steps up with a passkey, which the DELETE of a passkey requires', async () => {
    const { tokens, passkeyId } = await userWithPasskey('step-up');
    const options = await inPage<Answer<Options>>(
      'api',
      '/auth/mfa/step-up/passkey-options',
      undefined,
      tokens.accessToken,
    );
    const passkey = await assert(options.body.options);
    const stepped = await inPage<Answer>(
      'api',
      '/auth/mfa/step-up',
      { passkey },
      tokens.accessToken,
    );
    expect(stepped.status).toBe(200);
    const deleted = await apiClient(api).send(
      'DELETE',
      `/auth/passkeys/${passkeyId}`,
      undefined,
      stepped.body.accessToken as string,
    );
    expect(deleted.status).toBe(204);
    expect(await lastAudit('user_updated')).toMatchObject({
      factor: 'passkey',
      change: 'disabled',
    });
  });

  it('refuses an assertion sent a second time: the challenge is single use', async () => {
    await userWithPasskey('replay');
    const { attemptToken, options } = await signInOptions();
    const credential = await assert(options);
    expect((await signIn(attemptToken, credential)).status).toBe(200);
    const replayed = await signIn(attemptToken, credential);
    expect(replayed.status).toBe(401);
    expect(replayed.body.type).toBe('urn:bulwark:problem:passkey-rejected');
    expect(await lastAudit('authn_login_fail')).toMatchObject({ refusal: 'no_challenge' });
  });

  it("refuses an assertion for one sign-in attempt's challenge sent with another attempt", async () => {
    await userWithPasskey('other-attempt');
    const first = await signInOptions();
    const second = await signInOptions();
    const credential = await assert(first.options);
    const crossed = await signIn(second.attemptToken, credential);
    expect(crossed.status).toBe(401);
    expect(await lastAudit('authn_login_fail')).toMatchObject({ refusal: 'wrong_challenge' });
  });

  it('refuses a registration challenge answered from another session', async () => {
    const tokens = await signedInUser(api, uniqueEmail('other-session'));
    const options = await inPage<Answer<Options>>(
      'api',
      '/auth/passkeys/registration/options',
      undefined,
      tokens.accessToken,
    );
    const credential = await inPage<Json>('createPasskey', options.body.options);
    const elsewhere = await signedInUser(api, uniqueEmail('elsewhere'));
    const verified = await inPage<Answer>(
      'api',
      '/auth/passkeys/registration/verify',
      { credential },
      elsewhere.accessToken,
    );
    expect(verified.status).toBe(400);
    expect(verified.body.type).toBe('urn:bulwark:problem:passkey-registration-rejected');
    expect(await lastAudit('user_updated')).toMatchObject({
      outcome: 'failure',
      factor: 'passkey',
      refusal: 'no_challenge',
    });
  });

  it("refuses another user's passkey as the second factor of a login", async () => {
    const mallory = await userWithPasskey('mallory');
    const alice = await userWithPasskey('alice');
    const password = (await (
      await apiClient(api).login(alice.email, GOOD_PASSWORD)
    ).json()) as Json;
    const options = await inPage<Answer<Options>>('api', '/auth/mfa/passkey-options', {
      mfaToken: password.mfaToken,
    });
    // The page is the attacker's: it answers with Mallory's passkey instead of Alice's.
    const passkey = await assert({
      ...options.body.options,
      allowCredentials: [{ id: mallory.credentialId, type: 'public-key' }],
    });
    const verified = await inPage<Answer>('api', '/auth/mfa/verify', {
      mfaToken: password.mfaToken,
      passkey,
    });
    expect(verified.status).toBe(401);
    expect(await lastAudit('authn_login_fail')).toMatchObject({
      factor: 'passkey',
      refusal: 'another_users_credential',
    });
    // Nor can Alice rename or delete Mallory's passkey: it is missing to her, and the try audited.
    const path = `/auth/passkeys/${mallory.passkeyId}`;
    const deleted = await apiClient(api).send('DELETE', path, undefined, alice.tokens.accessToken);
    expect(deleted.status).toBe(404);
    expect(await lastAudit('malicious_direct_reference')).toMatchObject({
      target: `passkey:${mallory.passkeyId}`,
    });
    expect((await passkeyRow(mallory.passkeyId)).id).toBe(mallory.passkeyId);
  });

  it('refuses an assertion made for another origin (a phishing page relaying it)', async () => {
    const { credentialId } = await userWithPasskey('phished');
    // An authenticator that would sign for the phishing site with the same key: no real one does.
    await authenticator.copyCredential(credentialId, { rpId: 'evil.localhost' });
    await open('evil.localhost');
    try {
      const { attemptToken, options } = await signInOptions();
      const credential = await assert({ ...options, rpId: 'evil.localhost' });
      const relayed = await signIn(attemptToken, credential);
      expect(relayed.status).toBe(401);
      expect(await lastAudit('authn_login_fail')).toMatchObject({ refusal: 'wrong_origin' });
    } finally {
      await open('localhost');
    }
  });

  it('refuses an assertion signed for another RP id, even from an accepted origin', async () => {
    const { credentialId } = await userWithPasskey('rp-id');
    await authenticator.copyCredential(credentialId, { rpId: 'sub.localhost' });
    await open('sub.localhost');
    try {
      const { attemptToken, options } = await signInOptions();
      const credential = await assert({ ...options, rpId: 'sub.localhost' });
      const refused = await signIn(attemptToken, credential);
      expect(refused.status).toBe(401);
      expect(await lastAudit('authn_login_fail')).toMatchObject({ refusal: 'wrong_rp_id' });
    } finally {
      await open('localhost');
    }
  });

  it('refuses a signature counter that went backwards, audited as a possible clone', async () => {
    const { credentialId, passkeyId } = await userWithPasskey('clone');
    expect((await inPage<Answer>('signInWithPasskey')).status).toBe(200);
    expect((await inPage<Answer>('signInWithPasskey')).status).toBe(200);
    const counted = Number((await passkeyRow(passkeyId)).signCount);
    expect(counted).toBeGreaterThan(1);
    await authenticator.copyCredential(credentialId, { signCount: 0 });
    const cloned = await inPage<Answer>('signInWithPasskey');
    expect(cloned.status).toBe(401);
    expect(await lastAudit('authn_impossible_travel')).toMatchObject({
      outcome: 'failure',
      reason: 'possible_cloned_authenticator',
      stored: counted,
      received: 1,
      refused: true,
    });
  });

  it('keeps the last factor of an account whose role requires MFA', async () => {
    // MFA_REQUIRED_ROLES outside production: admin and auditor. The CLI creates admins so.
    const email = uniqueEmail('admin');
    await api.app.get(UsersRepository).create({
      email,
      passwordHash: await api.app.get(PasswordHasherService).hash(GOOD_PASSWORD),
      emailVerifiedAt: new Date(),
      roles: ['admin'],
    });
    const { accessToken } = (await (await apiClient(api).login(email, GOOD_PASSWORD)).json()) as {
      accessToken: string;
    };
    // Enrolment-only session: registering a passkey is allowed, and lifts the restriction.
    const registered = await registerPasskey(accessToken);
    expect(registered.status).toBe(200);
    const path = `/auth/passkeys/${registered.body.id as string}`;
    const deleted = await apiClient(api).send('DELETE', path, undefined, accessToken);
    expect(deleted.status).toBe(409);
    expect(((await deleted.json()) as Json).type).toBe('urn:bulwark:problem:mfa-required-by-role');
  });
});
