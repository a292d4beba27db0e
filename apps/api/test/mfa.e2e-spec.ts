import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordHasherService } from '../src/security/passwords/password-hasher.service.js';
import type { SessionLivenessCache } from '../src/identity/sessions/session-liveness.cache.js';
import { SESSION_LIVENESS_CACHE } from '../src/identity/sessions/session.service.js';
import type { Role } from '../src/identity/users/user-role.entity.js';
import { UsersRepository } from '../src/identity/users/users.repository.js';
import { auditEventsOf } from './support/audit-events.js';
import { authenticatorCode } from './support/authenticator.js';
import { subjectOf } from './support/forged-tokens.js';
import {
  GOOD_PASSWORD,
  login,
  registerVerified,
  send,
  settle,
  signedInUser,
  type Tokens,
  uniqueEmail,
} from './support/identity.js';
import {
  base32Bytes,
  enrolledUser,
  enrolTotp,
  passwordStep,
  PROBLEM,
  requestIdOf,
  verifyMfa,
  wrongCode,
} from './support/mfa.js';
import {
  apiClient,
  bodyOf,
  type MfaTokens,
  type Profile,
  type RecoveryCodes,
  type SessionItem,
  type TotpSetup,
} from './support/api-client.js';
import { latestMailedToken } from './support/outbox.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const NEW_PASSWORD = 'purple elephant umbrella marathon';
const WRONG_PASSWORD = 'wrong horse battery staple';
const RECOVERY_CODE_FORMAT = /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/;
// MFA_STEP_UP_MAX_AGE_SECONDS is left at its default.
const STEP_UP_MAX_AGE_SECONDS = 600;

async function mfaEnabled(api: TestApp, accessToken: string): Promise<boolean> {
  return (await bodyOf<Profile>(await apiClient(api).me(accessToken), 200)).mfaEnabled;
}

async function expectProblemType(response: Response, status: number, type: string): Promise<void> {
  expect((await expectProblem(response, status)).type).toBe(`${PROBLEM}${type}`);
}

/** An account as the CLI creates it: verified, with these roles, no MFA. */
async function createAccount(api: TestApp, email: string, roles: readonly Role[]): Promise<void> {
  await api.app.get(UsersRepository).create({
    email,
    passwordHash: await api.app.get(PasswordHasherService).hash(GOOD_PASSWORD),
    emailVerifiedAt: new Date(),
    roles,
  });
}

/** Tokens from a login that must not ask for a second factor. */
async function loginWithoutMfa(api: TestApp, email: string, password = GOOD_PASSWORD) {
  const tokens = await login(api, email, password);
  expect(tokens.accessToken).toEqual(expect.any(String));
  expect(tokens).not.toHaveProperty('mfaRequired');
  return tokens;
}

/**
 * Pretends the session's last second factor was proved `secondsAgo` seconds ago. The liveness
 * cache entry goes too: that much time would have expired it (it lives 60 s at most).
 */
async function proveSecondFactorAgo(
  api: TestApp,
  tokens: Tokens,
  secondsAgo: number,
): Promise<void> {
  const { sessionId } = subjectOf(tokens.accessToken);
  await api.app
    .get(DataSource)
    .query('UPDATE sessions SET mfa_verified_at = $2 WHERE id = $1', [
      sessionId,
      new Date(Date.now() - secondsAgo * 1000),
    ]);
  await api.app.get<SessionLivenessCache>(SESSION_LIVENESS_CACHE).delete([sessionId]);
}

async function mfaRowCounts(
  api: TestApp,
  userId: string,
): Promise<{ totp: number; recoveryCodes: number }> {
  const [row] = await api.app.get(DataSource).query<{ totp: number; recoveryCodes: number }[]>(
    `SELECT (SELECT count(*) FROM mfa_totp WHERE user_id = $1)::int AS totp,
              (SELECT count(*) FROM mfa_recovery_codes WHERE user_id = $1)::int AS "recoveryCodes"`,
    [userId],
  );
  return row!;
}

/** Every row of every table of the database, as text. */
async function databaseDump(api: TestApp): Promise<string> {
  const sql = api.app.get(DataSource);
  const tables = await sql.query<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  expect(tables.map((table) => table.name)).toEqual(
    expect.arrayContaining(['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges', 'audit_events']),
  );
  const rows: string[] = [];
  for (const { name } of tables) {
    const found = await sql.query<{ row: string }[]>(`SELECT t::text AS row FROM "${name}" t`);
    rows.push(...found.map((entry) => entry.row));
  }
  return rows.join('\n');
}

describe.each(testDatabases())('MFA over HTTP on $kind', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ database });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('enrolment', () => {
    it('starts a setup with an otpauth URI, a base32 secret and a PNG QR code, and enables nothing before confirmation', async () => {
      const email = uniqueEmail('setup');
      const tokens = await signedInUser(api, email);
      const response = await send(
        api,
        'POST',
        '/auth/mfa/totp/setup',
        undefined,
        tokens.accessToken,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      const setup = await bodyOf<TotpSetup>(response, 200);

      expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(setup.otpauthUrl);
      expect(setup.otpauthUrl.startsWith('otpauth://totp/')).toBe(true);
      expect(decodeURIComponent(uri.pathname)).toBe(`/${api.config.tokens.issuer}:${email}`);
      expect(Object.fromEntries(uri.searchParams)).toEqual({
        secret: setup.secret,
        issuer: api.config.tokens.issuer,
        algorithm: 'SHA1',
        digits: '6',
        period: '30',
      });
      const [, png] = /^data:image\/png;base64,(.+)$/.exec(setup.qrCodeDataUrl) ?? [];
      expect(Buffer.from(png ?? '', 'base64').subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );

      expect(await mfaEnabled(api, tokens.accessToken)).toBe(false);
      // A code of the pending secret proves nothing yet.
      await expectProblemType(
        await send(
          api,
          'POST',
          '/auth/mfa/step-up',
          { code: authenticatorCode(setup.secret, Date.now()) },
          tokens.accessToken,
        ),
        401,
        'invalid-mfa-code',
      );
      await loginWithoutMfa(api, email);
    });

    it('confirms only with a current code, returns ten distinct recovery codes once, and refuses a second setup', async () => {
      const email = uniqueEmail('confirm');
      const tokens = await signedInUser(api, email);
      const confirm = (code: string): Promise<Response> =>
        send(api, 'POST', '/auth/mfa/totp/confirm', { code }, tokens.accessToken);

      await expectProblemType(await confirm('123456'), 409, 'no-pending-mfa-setup');
      const setup = await bodyOf<TotpSetup>(
        await send(api, 'POST', '/auth/mfa/totp/setup', undefined, tokens.accessToken),
        200,
      );
      await expectProblemType(await confirm(wrongCode(setup.secret)), 401, 'invalid-mfa-code');
      expect(await mfaEnabled(api, tokens.accessToken)).toBe(false);

      const anchorMs = Date.now();
      const confirmed = await confirm(authenticatorCode(setup.secret, anchorMs));
      expect(confirmed.headers.get('cache-control')).toBe('no-store');
      const { recoveryCodes } = await bodyOf<RecoveryCodes>(confirmed, 200);
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      for (const code of recoveryCodes) {
        expect(code).toMatch(RECOVERY_CODE_FORMAT);
      }
      expect(await mfaEnabled(api, tokens.accessToken)).toBe(true);

      await expectProblemType(
        await confirm(authenticatorCode(setup.secret, anchorMs, 1)),
        409,
        'no-pending-mfa-setup',
      );
      await expectProblemType(
        await send(api, 'POST', '/auth/mfa/totp/setup', undefined, tokens.accessToken),
        409,
        'mfa-already-enabled',
      );
      // The refused setup left the confirmed secret in place.
      const challenge = await passwordStep(api, email);
      await bodyOf<MfaTokens>(
        await verifyMfa(api, challenge.mfaToken, {
          code: authenticatorCode(setup.secret, anchorMs, 1),
        }),
        200,
      );
    });
  });

  describe('login with MFA', () => {
    it('answers the password step with a challenge and no tokens, and completes the login with a code', async () => {
      const user = await enrolledUser(api, uniqueEmail('login'));
      const challenge = await passwordStep(api, user.email);
      expect(challenge).toEqual({
        mfaRequired: true,
        mfaToken: expect.stringMatching(/^bmt_[A-Za-z0-9_-]{43}$/) as unknown,
        methods: ['totp', 'recovery_code'],
      });

      const response = await verifyMfa(api, challenge.mfaToken, { code: user.nextCode });
      expect(response.headers.get('cache-control')).toBe('no-store');
      const tokens = await bodyOf<MfaTokens>(response, 200);
      expect(tokens).toEqual({
        accessToken: expect.any(String) as unknown,
        refreshToken: expect.stringMatching(/^brt_/) as unknown,
        tokenType: 'Bearer',
        expiresIn: expect.any(Number) as unknown,
      });
      expect(await bodyOf<Profile>(await apiClient(api).me(tokens.accessToken), 200)).toMatchObject(
        {
          email: user.email,
          mfaEnabled: true,
        },
      );
      await bodyOf<Tokens>(
        await send(api, 'POST', '/auth/refresh', { refreshToken: tokens.refreshToken }),
        200,
      );
      expect(await auditEventsOf(api, [requestIdOf(response)])).toEqual([
        expect.objectContaining({
          event: 'authn_login_success',
          outcome: 'success',
          actor: subjectOf(tokens.accessToken).userId,
          target: `session:${subjectOf(tokens.accessToken).sessionId}`,
          metadata: { method: 'password+totp' },
        }),
      ]);
    });

    it('refuses the confirming code, a code already used even on a new challenge, and a code two steps old', async () => {
      const user = await enrolledUser(api, uniqueEmail('replay'));
      const first = await passwordStep(api, user.email);
      await expectProblemType(
        await verifyMfa(api, first.mfaToken, {
          code: authenticatorCode(user.secret, user.anchorMs),
        }),
        401,
        'invalid-mfa-code',
      );
      await bodyOf<MfaTokens>(await verifyMfa(api, first.mfaToken, { code: user.nextCode }), 200);

      const second = await passwordStep(api, user.email);
      await expectProblemType(
        await verifyMfa(api, second.mfaToken, { code: user.nextCode }),
        401,
        'invalid-mfa-code',
      );
      await expectProblemType(
        await verifyMfa(api, second.mfaToken, {
          code: authenticatorCode(user.secret, Date.now(), -2),
        }),
        401,
        'invalid-mfa-code',
      );
      // The challenge itself was good all along: wrong codes leave it usable.
      await bodyOf<MfaTokens>(
        await verifyMfa(api, second.mfaToken, { recoveryCode: user.recoveryCodes[0]! }),
        200,
      );
    });

    it('refuses the mfaToken as a bearer token, and a refresh token as an mfaToken', async () => {
      const user = await enrolledUser(api, uniqueEmail('bearer'));
      const challenge = await passwordStep(api, user.email);
      await expectProblem(await apiClient(api).me(challenge.mfaToken), 401);
      await expectProblem(await apiClient(api).sessions(challenge.mfaToken), 401);
      await expectProblemType(
        await verifyMfa(api, user.tokens.refreshToken, { code: user.nextCode }),
        401,
        'invalid-mfa-token',
      );
      // Neither refusal spent the challenge or the code.
      await bodyOf<MfaTokens>(
        await verifyMfa(api, challenge.mfaToken, { code: user.nextCode }),
        200,
      );
    });

    it('refuses an mfaToken used twice, a garbage one and an expired one', async () => {
      const user = await enrolledUser(api, uniqueEmail('challenge'));
      const [recoveryCode] = user.recoveryCodes;
      const proof = { recoveryCode: recoveryCode! };
      const used = await passwordStep(api, user.email);
      await bodyOf<MfaTokens>(await verifyMfa(api, used.mfaToken, { code: user.nextCode }), 200);
      await expectProblemType(await verifyMfa(api, used.mfaToken, proof), 401, 'invalid-mfa-token');

      const forged = `bmt_${randomBytes(32).toString('base64url')}`;
      await expectProblemType(await verifyMfa(api, forged, proof), 401, 'invalid-mfa-token');
      await expectProblemType(await verifyMfa(api, 'bmt_garbage', proof), 401, 'invalid-mfa-token');

      const { userId } = subjectOf(user.tokens.accessToken);
      const sql = api.app.get(DataSource);
      const expiring = await passwordStep(api, user.email);
      const [lifetime] = await sql.query<{ seconds: number }[]>(
        `SELECT extract(epoch FROM expires_at - created_at)::float8 AS seconds
           FROM mfa_challenges WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      );
      expect(lifetime!.seconds).toBeGreaterThan(0);
      expect(lifetime!.seconds).toBeLessThanOrEqual(5 * 60 + 1);
      await sql.query(
        `UPDATE mfa_challenges SET expires_at = now() - interval '1 second'
          WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      );
      await expectProblemType(
        await verifyMfa(api, expiring.mfaToken, proof),
        401,
        'invalid-mfa-token',
      );

      // None of the refusals spent the recovery code.
      const fresh = await passwordStep(api, user.email);
      expect(
        await bodyOf<MfaTokens>(await verifyMfa(api, fresh.mfaToken, proof), 200),
      ).toMatchObject({ recoveryCodesRemaining: 9 });
    });

    it('accepts a recovery code once and only once, in any letter case, with or without dashes, and tells how many remain', async () => {
      const user = await enrolledUser(api, uniqueEmail('recovery'));
      const [first, second, third] = user.recoveryCodes as [string, string, string];

      const challenge = await passwordStep(api, user.email);
      const response = await verifyMfa(api, challenge.mfaToken, {
        recoveryCode: first.toUpperCase().replaceAll('-', ''),
      });
      const tokens = await bodyOf<MfaTokens>(response, 200);
      expect(tokens.recoveryCodesRemaining).toBe(9);
      expect(await mfaEnabled(api, tokens.accessToken)).toBe(true);
      expect(await auditEventsOf(api, [requestIdOf(response)])).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            event: 'authn_login_success',
            metadata: { method: 'password+recovery_code', codesRemaining: 9 },
          }),
          expect.objectContaining({
            event: 'user_updated',
            metadata: { factor: 'recovery_code', change: 'used', remaining: 9 },
          }),
        ]),
      );

      const again = await passwordStep(api, user.email);
      for (const spent of [first, first.toUpperCase(), first.replaceAll('-', '')]) {
        await expectProblemType(
          await verifyMfa(api, again.mfaToken, { recoveryCode: spent }),
          401,
          'invalid-mfa-code',
        );
      }
      expect(
        await bodyOf<MfaTokens>(
          await verifyMfa(api, again.mfaToken, { recoveryCode: second.toUpperCase() }),
          200,
        ),
      ).toMatchObject({ recoveryCodesRemaining: 8 });
      const last = await passwordStep(api, user.email);
      expect(
        await bodyOf<MfaTokens>(
          await verifyMfa(api, last.mfaToken, { recoveryCode: third.replaceAll('-', ' ') }),
          200,
        ),
      ).toMatchObject({ recoveryCodesRemaining: 7 });
    });

    it('lets exactly one of two concurrent verifications with one code through', async () => {
      const user = await enrolledUser(api, uniqueEmail('race'));
      const challenges = [await passwordStep(api, user.email), await passwordStep(api, user.email)];
      const responses = await Promise.all(
        challenges.map((challenge) => verifyMfa(api, challenge.mfaToken, { code: user.nextCode })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
      const loser = responses.find((response) => response.status === 401)!;
      expect((await expectProblem(loser, 401)).type).toBe(`${PROBLEM}invalid-mfa-code`);

      // The same race with one recovery code.
      const more = [await passwordStep(api, user.email), await passwordStep(api, user.email)];
      const recoveryCode = user.recoveryCodes[0]!;
      const statuses = await Promise.all(
        more.map(
          async (challenge) => (await verifyMfa(api, challenge.mfaToken, { recoveryCode })).status,
        ),
      );
      expect(statuses.sort()).toEqual([200, 401]);
    });

    it('counts wrong codes per user across challenges, then refuses even a right code with 429 and Retry-After', async () => {
      const user = await enrolledUser(api, uniqueEmail('lockout'));
      const first = await passwordStep(api, user.email);
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await expectProblemType(
          await verifyMfa(api, first.mfaToken, { code: wrongCode(user.secret) }),
          401,
          'invalid-mfa-code',
        );
      }
      const second = await passwordStep(api, user.email);
      await expectProblemType(
        await verifyMfa(api, second.mfaToken, { code: wrongCode(user.secret) }),
        401,
        'invalid-mfa-code',
      );
      const fifth = await verifyMfa(api, second.mfaToken, { code: wrongCode(user.secret) });
      await expectProblemType(fifth, 401, 'invalid-mfa-code');
      const { userId } = subjectOf(user.tokens.accessToken);
      expect(await auditEventsOf(api, [requestIdOf(fifth)])).toEqual([
        expect.objectContaining({
          event: 'authn_login_fail',
          actor: userId,
          metadata: { reason: 'wrong_second_factor', factor: 'totp', failures: 5 },
        }),
        expect.objectContaining({ event: 'authn_login_lock', target: `user:${userId}` }),
      ]);

      const locked = await verifyMfa(api, second.mfaToken, { code: user.nextCode });
      await expectProblemType(locked, 429, 'too-many-attempts');
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(api.config.lockout.baseSeconds);
      // The lock is the user's, whatever the challenge or the factor.
      const third = await passwordStep(api, user.email);
      await expectProblemType(
        await verifyMfa(api, third.mfaToken, { recoveryCode: user.recoveryCodes[0]! }),
        429,
        'too-many-attempts',
      );
    });

    // Finding: the limit is checked before a code is verified and counted after, so requests that
    // arrive together are all verified (6 to 9 of 40 here): each is one more guess.
    it('verifies no more wrong codes than the limit allows, however many arrive at once', async () => {
      const user = await enrolledUser(api, uniqueEmail('burst'));
      const challenge = await passwordStep(api, user.email);
      const burst = 40;
      const statuses = await Promise.all(
        Array.from(
          { length: burst },
          async () =>
            (await verifyMfa(api, challenge.mfaToken, { code: wrongCode(user.secret) })).status,
        ),
      );
      const { threshold } = api.config.lockout;
      expect({
        verified: statuses.filter((status) => status === 401).length,
        refused: statuses.filter((status) => status === 429).length,
      }).toEqual({ verified: threshold, refused: burst - threshold });
    });
  });

  describe('step-up', () => {
    it('requires a recent second factor to change the password, and accepts one proved with POST /auth/mfa/step-up', async () => {
      const email = uniqueEmail('step-up');
      await registerVerified(api, email);
      const before = await loginWithoutMfa(api, email);
      const tokens = await loginWithoutMfa(api, email);
      const { secret, anchorMs } = await enrolTotp(api, tokens.accessToken);
      const stepUp = (code: string) => apiClient(api).stepUp(code, tokens.accessToken);

      // A session opened before enrolment never proved a second factor.
      await expectProblemType(
        await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, before.accessToken),
        403,
        'step-up-required',
      );
      await proveSecondFactorAgo(api, tokens, STEP_UP_MAX_AGE_SECONDS + 60);
      await expectProblemType(
        await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, tokens.accessToken),
        403,
        'step-up-required',
      );
      await expectProblemType(await stepUp(wrongCode(secret)), 401, 'invalid-mfa-code');
      await expectProblemType(
        await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, tokens.accessToken),
        403,
        'step-up-required',
      );

      const steppedUp = await stepUp(authenticatorCode(secret, anchorMs, 1));
      expect(steppedUp.status).toBe(200);
      const renewed = await bodyOf(steppedUp);
      // New tokens of a new session: the old ones end (ASVS 7.2.4).
      await expectProblem(await send(api, 'GET', '/users/me', undefined, tokens.accessToken), 401);
      await expectProblem(
        await send(api, 'POST', '/auth/refresh', { refreshToken: tokens.refreshToken }),
        401,
      );
      expect(
        (await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, renewed.accessToken))
          .status,
      ).toBe(204);
      await expectProblemType(
        await send(api, 'POST', '/auth/login', { email, password: GOOD_PASSWORD }),
        401,
        'invalid-credentials',
      );
      await passwordStep(api, email, NEW_PASSWORD);
    });

    it('accepts a second factor proved within MFA_STEP_UP_MAX_AGE_SECONDS', async () => {
      const user = await enrolledUser(api, uniqueEmail('recent'));
      await proveSecondFactorAgo(api, user.tokens, STEP_UP_MAX_AGE_SECONDS - 60);
      expect(
        (await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, user.tokens.accessToken))
          .status,
      ).toBe(204);
      await passwordStep(api, user.email, NEW_PASSWORD);
    });

    it('lets a user without MFA change the password without a step-up', async () => {
      const email = uniqueEmail('no-mfa');
      const tokens = await signedInUser(api, email);
      expect(
        (await apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, tokens.accessToken))
          .status,
      ).toBe(204);
      await loginWithoutMfa(api, email, NEW_PASSWORD);
    });
  });

  describe('disabling and renewing', () => {
    it('disables MFA only with the password and a current code', async () => {
      const user = await enrolledUser(api, uniqueEmail('disable'));
      const disable = (body?: object): Promise<Response> =>
        send(api, 'DELETE', '/auth/mfa/totp', body, user.tokens.accessToken);

      await expectProblem(await disable(), 400);
      await expectProblemType(await disable({ code: user.nextCode }), 400, 'validation-failed');
      await expectProblemType(await disable({ password: GOOD_PASSWORD }), 400, 'validation-failed');
      await expectProblemType(
        await disable({ password: WRONG_PASSWORD, code: user.nextCode }),
        400,
        'current-password-incorrect',
      );
      await expectProblemType(
        await disable({ password: GOOD_PASSWORD, code: wrongCode(user.secret) }),
        401,
        'invalid-mfa-code',
      );
      expect(await mfaEnabled(api, user.tokens.accessToken)).toBe(true);
      await passwordStep(api, user.email);

      expect((await disable({ password: GOOD_PASSWORD, code: user.nextCode })).status).toBe(204);
      expect(await mfaEnabled(api, user.tokens.accessToken)).toBe(false);
      expect(await mfaRowCounts(api, subjectOf(user.tokens.accessToken).userId)).toEqual({
        totp: 0,
        recoveryCodes: 0,
      });
      await loginWithoutMfa(api, user.email);
    });

    it('regenerates recovery codes only with a current code, and the old ones stop working', async () => {
      const user = await enrolledUser(api, uniqueEmail('regenerate'));
      const regenerate = (body: object): Promise<Response> =>
        send(api, 'POST', '/auth/mfa/recovery-codes', body, user.tokens.accessToken);

      await expectProblemType(await regenerate({}), 400, 'validation-failed');
      await expectProblemType(
        await regenerate({ code: wrongCode(user.secret) }),
        401,
        'invalid-mfa-code',
      );
      // Refused: the old codes still work.
      const before = await passwordStep(api, user.email);
      await bodyOf<MfaTokens>(
        await verifyMfa(api, before.mfaToken, { recoveryCode: user.recoveryCodes[0]! }),
        200,
      );

      const { recoveryCodes } = await bodyOf<RecoveryCodes>(
        await regenerate({ code: user.nextCode }),
        200,
      );
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set([...recoveryCodes, ...user.recoveryCodes]).size).toBe(20);
      for (const code of recoveryCodes) {
        expect(code).toMatch(RECOVERY_CODE_FORMAT);
      }
      const challenge = await passwordStep(api, user.email);
      await expectProblemType(
        await verifyMfa(api, challenge.mfaToken, { recoveryCode: user.recoveryCodes[1]! }),
        401,
        'invalid-mfa-code',
      );
      expect(
        await bodyOf<MfaTokens>(
          await verifyMfa(api, challenge.mfaToken, { recoveryCode: recoveryCodes[0]! }),
          200,
        ),
      ).toMatchObject({ recoveryCodesRemaining: 9 });
    });
  });

  describe('roles that require MFA', () => {
    it('restricts an admin without MFA to enrolment, and lifts the restriction in that session once enrolled', async () => {
      const email = uniqueEmail('admin');
      await createAccount(api, email, ['user', 'admin']);
      const tokens = await loginWithoutMfa(api, email);

      await expectProblemType(
        await apiClient(api).sessions(tokens.accessToken),
        403,
        'mfa-enrolment-required',
      );
      for (const refused of [
        send(api, 'PATCH', '/users/me', { displayName: 'Ada' }, tokens.accessToken),
        apiClient(api).changePassword(GOOD_PASSWORD, NEW_PASSWORD, tokens.accessToken),
        send(api, 'POST', '/auth/mfa/step-up', { code: '123456' }, tokens.accessToken),
      ]) {
        await expectProblemType(await refused, 403, 'mfa-enrolment-required');
      }
      expect(await bodyOf<Profile>(await apiClient(api).me(tokens.accessToken), 200)).toMatchObject(
        {
          roles: ['admin', 'user'],
          mfaEnabled: false,
        },
      );

      const { recoveryCodes } = await enrolTotp(api, tokens.accessToken);
      expect(recoveryCodes).toHaveLength(10);
      await bodyOf<SessionItem[]>(await apiClient(api).sessions(tokens.accessToken), 200);
      // The session row changed, not only what this instance remembers of it.
      const refreshed = await bodyOf<Tokens>(
        await send(api, 'POST', '/auth/refresh', { refreshToken: tokens.refreshToken }),
        200,
      );
      await bodyOf<SessionItem[]>(await apiClient(api).sessions(refreshed.accessToken), 200);
    });

    it('asks an enrolled admin for the second factor at login, and refuses to disable MFA', async () => {
      const email = uniqueEmail('admin-enrolled');
      await createAccount(api, email, ['user', 'admin']);
      const tokens = await loginWithoutMfa(api, email);
      const { secret, anchorMs } = await enrolTotp(api, tokens.accessToken);
      const nextCode = authenticatorCode(secret, anchorMs, 1);

      await expectProblemType(
        await send(
          api,
          'DELETE',
          '/auth/mfa/totp',
          { password: GOOD_PASSWORD, code: nextCode },
          tokens.accessToken,
        ),
        409,
        'mfa-required-by-role',
      );
      expect(await mfaEnabled(api, tokens.accessToken)).toBe(true);

      expect((await send(api, 'POST', '/auth/logout', undefined, tokens.accessToken)).status).toBe(
        204,
      );
      await expectProblem(await apiClient(api).me(tokens.accessToken), 401);
      const challenge = await passwordStep(api, email);
      expect(challenge.mfaRequired).toBe(true);
      const verified = await bodyOf<MfaTokens>(
        await verifyMfa(api, challenge.mfaToken, { code: nextCode }),
        200,
      );
      await bodyOf<SessionItem[]>(await apiClient(api).sessions(verified.accessToken), 200);
    });

    it('restricts an auditor without MFA too, and leaves a plain user unrestricted', async () => {
      const auditor = uniqueEmail('auditor');
      await createAccount(api, auditor, ['user', 'auditor']);
      await expectProblemType(
        await apiClient(api).sessions((await loginWithoutMfa(api, auditor)).accessToken),
        403,
        'mfa-enrolment-required',
      );
      const plain = await signedInUser(api, uniqueEmail('plain'));
      await bodyOf<SessionItem[]>(await apiClient(api).sessions(plain.accessToken), 200);
    });
  });

  it('still asks for the second factor after a password reset', async () => {
    const user = await enrolledUser(api, uniqueEmail('reset'));
    expect((await send(api, 'POST', '/auth/password/forgot', { email: user.email })).status).toBe(
      202,
    );
    await settle(api);
    const token = latestMailedToken(api.config.dataDir, user.email, 'bpr');
    expect(
      (await send(api, 'POST', '/auth/password/reset', { token, newPassword: NEW_PASSWORD }))
        .status,
    ).toBe(204);
    await expectProblem(await apiClient(api).me(user.tokens.accessToken), 401);

    const challenge = await passwordStep(api, user.email, NEW_PASSWORD);
    expect(challenge.mfaRequired).toBe(true);
    await bodyOf<MfaTokens>(await verifyMfa(api, challenge.mfaToken, { code: user.nextCode }), 200);
  });

  // Finding: a password reset revokes every session, but not a challenge the old password earned.
  it('refuses an mfaToken obtained with the password a reset replaced', async () => {
    const user = await enrolledUser(api, uniqueEmail('stale'));
    const stale = await passwordStep(api, user.email);
    await send(api, 'POST', '/auth/password/forgot', { email: user.email });
    await settle(api);
    const token = latestMailedToken(api.config.dataDir, user.email, 'bpr');
    expect(
      (await send(api, 'POST', '/auth/password/reset', { token, newPassword: NEW_PASSWORD }))
        .status,
    ).toBe(204);

    await expectProblemType(
      await verifyMfa(api, stale.mfaToken, { code: user.nextCode }),
      401,
      'invalid-mfa-token',
    );
    const fresh = await passwordStep(api, user.email, NEW_PASSWORD);
    await bodyOf<MfaTokens>(await verifyMfa(api, fresh.mfaToken, { code: user.nextCode }), 200);
  });

  it('stores the TOTP secret only encrypted, recovery codes only as argon2id hashes, and challenges only hashed', async () => {
    const user = await enrolledUser(api, uniqueEmail('secrets'));
    const challenge = await passwordStep(api, user.email);
    const { userId } = subjectOf(user.tokens.accessToken);
    const sql = api.app.get(DataSource);

    const totp = await sql.query<{ secret_encrypted: string }[]>(
      'SELECT secret_encrypted FROM mfa_totp WHERE user_id = $1',
      [userId],
    );
    expect(totp).toEqual([{ secret_encrypted: expect.stringMatching(/^ef1:/) as unknown }]);
    const codes = await sql.query<{ code_hash: string }[]>(
      'SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1',
      [userId],
    );
    expect(codes).toHaveLength(10);
    for (const { code_hash: hash } of codes) {
      expect(hash).toMatch(/^\$argon2id\$/);
    }

    const dump = await databaseDump(api);
    const key = base32Bytes(user.secret);
    expect(key).toHaveLength(20);
    for (const form of [
      user.secret,
      user.secret.toLowerCase(),
      key.toString('hex'),
      key.toString('base64'),
      key.toString('base64url'),
    ]) {
      expect(dump).not.toContain(form);
    }
    for (const code of user.recoveryCodes) {
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replaceAll('-', ''));
    }
    expect(dump).not.toContain(challenge.mfaToken);
    expect(dump).not.toContain(challenge.mfaToken.slice('bmt_'.length));
  });
});
