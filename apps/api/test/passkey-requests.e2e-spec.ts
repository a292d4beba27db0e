import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfaService } from '../src/identity/mfa/mfa.service.js';
import { auditEventsOf } from './support/audit-events.js';
import { apiClient } from './support/api-client.js';
import { send, signedInUser, uniqueEmail } from './support/identity.js';
import { requestIdOf } from './support/mfa.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

/*
 * What the passkey routes do with requests no browser would send. The ceremonies themselves, with
 * a real authenticator, are test/passkeys.e2e-spec.ts (pnpm test:browser).
 */

const b64url = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** An assertion of the right shape for a credential no one registered. */
function madeUpAssertion(): Record<string, unknown> {
  const id = b64url(32);
  return {
    id,
    rawId: id,
    type: 'public-key',
    clientExtensionResults: {},
    response: { clientDataJSON: b64url(100), authenticatorData: b64url(37), signature: b64url(70) },
  };
}

describe.each(testDatabases())('passkey requests on $kind', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ database });
  });
  afterAll(async () => {
    await api.close();
  });

  it('counts a passkey alone as MFA in the profile, from the next request on', async () => {
    const tokens = await signedInUser(api, uniqueEmail('passkey-only'));
    const client = apiClient(api);
    const before = (await (await client.me(tokens.accessToken)).json()) as {
      id: string;
      mfaEnabled: boolean;
    };
    expect(before.mfaEnabled).toBe(false);
    // What a completed registration ceremony stores, through the service that stores it.
    await api.app.get(MfaService).addPasskey(
      before.id,
      {
        credentialId: b64url(32),
        publicKey: b64url(77),
        signCount: '0',
        transports: ['internal'],
        backedUp: false,
      },
      'laptop',
    );

    const after = (await (await client.me(tokens.accessToken)).json()) as { mfaEnabled: boolean };
    expect(after.mfaEnabled).toBe(true);
  });

  it('answers sign-in options with no input, naming no account', async () => {
    const response = await send(api, 'POST', '/auth/passkeys/authentication/options');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { attemptToken: string; options: object };
    expect(body.attemptToken).toMatch(/^bps_[A-Za-z0-9_-]{43}$/);
    expect(body.options).toMatchObject({ rpId: 'localhost', allowCredentials: [] });
    expect(body.options).not.toHaveProperty('user');
  });

  it('refuses an assertion of an unknown credential, audited, and uses the challenge up', async () => {
    const { attemptToken } = (await (
      await send(api, 'POST', '/auth/passkeys/authentication/options')
    ).json()) as { attemptToken: string };
    const first = await send(api, 'POST', '/auth/passkeys/authentication/verify', {
      attemptToken,
      credential: madeUpAssertion(),
    });
    expect((await expectProblem(first, 401)).type).toBe('urn:bulwark:problem:passkey-rejected');
    const [event] = await auditEventsOf(api, [requestIdOf(first)]);
    expect(event).toMatchObject({
      event: 'authn_login_fail',
      metadata: { reason: 'passkey_rejected', refusal: 'unknown_credential' },
    });
    const again = await send(api, 'POST', '/auth/passkeys/authentication/verify', {
      attemptToken,
      credential: madeUpAssertion(),
    });
    expect(again.status).toBe(401);
    const [second] = await auditEventsOf(api, [requestIdOf(again)]);
    expect(second?.metadata).toMatchObject({ refusal: 'no_challenge' });
  });

  it('refuses a made-up attempt token without looking further', async () => {
    const response = await send(api, 'POST', '/auth/passkeys/authentication/verify', {
      attemptToken: `bps_${b64url(32)}`,
      credential: madeUpAssertion(),
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ['a credential that is not an object', 'not-an-object'],
    ['a response field that is not base64url', { ...madeUpAssertion(), rawId: 'a b+c' }],
    ['a credential of another type', { ...madeUpAssertion(), type: 'password' }],
    ['a field the format does not have', { ...madeUpAssertion(), isAdmin: true }],
  ])('answers %s with 400', async (_case, credential) => {
    const response = await send(api, 'POST', '/auth/passkeys/authentication/verify', {
      attemptToken: `bps_${b64url(32)}`,
      credential,
    });
    await expectProblem(response, 400);
  });

  it('answers the MFA step with both a code and a passkey with 400', async () => {
    const response = await send(api, 'POST', '/auth/mfa/verify', {
      mfaToken: `bmt_${b64url(32)}`,
      code: '123456',
      passkey: madeUpAssertion(),
    });
    await expectProblem(response, 400);
  });

  it('answers passkey options of an unknown mfaToken with 401', async () => {
    const response = await send(api, 'POST', '/auth/mfa/passkey-options', {
      mfaToken: `bmt_${b64url(32)}`,
    });
    expect((await expectProblem(response, 401)).type).toBe('urn:bulwark:problem:invalid-mfa-token');
  });

  it('answers a missing passkey id with 404 and a malformed one with 400', async () => {
    const tokens = await signedInUser(api, uniqueEmail('passkey-ids'));
    const missing = '00000000-0000-7000-8000-000000000000';
    const renamed = await send(
      api,
      'PATCH',
      `/auth/passkeys/${missing}`,
      { name: 'x' },
      tokens.accessToken,
    );
    expect((await expectProblem(renamed, 404)).type).toBe('urn:bulwark:problem:passkey-not-found');
    const malformed = await send(api, 'DELETE', '/auth/passkeys/42', undefined, tokens.accessToken);
    await expectProblem(malformed, 400);
    const listed = await send(api, 'GET', '/auth/passkeys', undefined, tokens.accessToken);
    expect(await listed.json()).toEqual([]);
  });
});
