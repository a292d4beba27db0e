import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRedis, type TestRedis } from './support/redis.js';
import { REDIS_SESSION_PREFIX } from '../src/identity/sessions/session-liveness.cache.js';
import { SessionService } from '../src/identity/sessions/session.service.js';
import { LIVE_SESSIONS_LISTED } from '../src/identity/sessions/sessions.repository.js';
import {
  attackerKey,
  forgeAccessToken,
  hmacWithPublicKey,
  nowSeconds,
  subjectOf,
  unsignedAccessToken,
  withPayloadOf,
  type TokenSubject,
} from './support/forged-tokens.js';
import {
  GOOD_PASSWORD,
  login,
  registerVerified,
  settle,
  signedInUser,
  type Tokens,
  uniqueEmail,
} from './support/identity.js';
import { apiClient, bodyOf, type SessionItem } from './support/api-client.js';
import { latestMailedToken } from './support/outbox.js';
import { expectProblem, type ProblemBody } from './support/problem.js';
import { sharedInstancesEnv, type SharedInstancesEnv } from './support/shared-instances.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';
import { REDIS } from './support/requirements.js';

interface SessionRow {
  readonly created_at: Date;
  readonly last_used_at: Date;
  readonly expires_at: Date;
  readonly revoked_reason: string | null;
}

const loginWithAgent = (api: TestApp, email: string, userAgent: string): Promise<Tokens> =>
  apiClient(api).with({ 'user-agent': userAgent }).signIn(email, GOOD_PASSWORD);

/** Each session's access token is refused at /users/me and its refresh token at /auth/refresh. */
async function expectEnded(api: TestApp, ...sessions: Tokens[]): Promise<void> {
  for (const tokens of sessions) {
    await expectProblem(await apiClient(api).me(tokens.accessToken), 401);
    await expectProblem(await apiClient(api).refresh(tokens.refreshToken), 401);
  }
}

async function expectStatus(pending: Promise<Response>, status: number): Promise<void> {
  expect((await pending).status).toBe(status);
}

async function sessionRow(api: TestApp, sessionId: string): Promise<SessionRow> {
  const rows = await api.app
    .get(DataSource)
    .query<SessionRow[]>(
      'SELECT created_at, last_used_at, expires_at, revoked_reason FROM sessions WHERE id = $1',
      [sessionId],
    );
  return rows[0]!;
}

async function setSessionTime(
  api: TestApp,
  sessionId: string,
  column: 'last_used_at' | 'expires_at',
  at: Date,
): Promise<void> {
  await api.app
    .get(DataSource)
    .query(`UPDATE sessions SET ${column} = $2 WHERE id = $1`, [sessionId, at]);
}

const withoutRequestId = ({ requestId: _requestId, ...rest }: ProblemBody): object => rest;

describe.each(testDatabases())('sessions on $kind', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    // The listing cap (100) is tested above the default session limit (50).
    api = await startTestApp({ database, env: { SESSION_MAX_PER_USER: '1000' } });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('access tokens at GET /users/me', () => {
    let victimTokens: Tokens;
    let victim: TokenSubject;
    let attacker: TokenSubject;
    let verificationToken: string;
    let revokedTokens: Tokens;
    /** What every refusal answers, whatever its reason. */
    let refusal: object;

    beforeAll(async () => {
      const victimEmail = uniqueEmail('victim');
      victimTokens = await signedInUser(api, victimEmail);
      victim = subjectOf(victimTokens.accessToken);
      attacker = subjectOf((await signedInUser(api, uniqueEmail('attacker'))).accessToken);
      const unverified = uniqueEmail('unverified');
      await expectStatus(apiClient(api).register(unverified, GOOD_PASSWORD), 202);
      await settle(api);
      verificationToken = latestMailedToken(api.config.dataDir, unverified, 'bev');
      revokedTokens = await login(api, victimEmail);
      await expectStatus(apiClient(api).me(revokedTokens.accessToken), 200);
      await expectStatus(apiClient(api).logout(revokedTokens.accessToken), 204);
      refusal = withoutRequestId(await expectProblem(await apiClient(api).me(), 401));
    });

    it('accepts a token forged with nothing changed: the control for every refusal below', async () => {
      const response = await apiClient(api).me(forgeAccessToken(api.config, victim));
      expect(response.status).toBe(200);
      expect((await bodyOf(response)).id).toBe(victim.userId);
    });

    it('refuses without a reason: no detail, the same answer as for no token at all', () => {
      expect(Object.keys(refusal).sort()).toEqual(['status', 'title', 'type']);
    });

    it('refuses a valid token sent in the query string instead of the Authorization header', async () => {
      const token = encodeURIComponent(victimTokens.accessToken);
      const response = await fetch(`${api.url}/users/me?access_token=${token}`);
      expect(withoutRequestId(await expectProblem(response, 401))).toEqual(refusal);
    });

    it('accepts nbf and exp up to a few seconds off (clock skew)', async () => {
      const now = nowSeconds();
      for (const claims of [{ nbf: now + 2 }, { iat: now - 600, nbf: now - 600, exp: now - 2 }]) {
        await expectStatus(
          apiClient(api).me(forgeAccessToken(api.config, victim, { claims })),
          200,
        );
      }
    });

    const attacks: [string, () => string][] = [
      [
        'a tampered payload (another user under the original signature)',
        () => withPayloadOf(api.config, forgeAccessToken(api.config, attacker), victim),
      ],
      ['alg none', () => unsignedAccessToken(api.config, victim)],
      ['HS256 keyed with the public key PEM', () => hmacWithPublicKey(api.config, victim)],
      ['a wrong iss', () => forgeAccessToken(api.config, victim, { claims: { iss: 'evil' } })],
      ['a wrong aud', () => forgeAccessToken(api.config, victim, { claims: { aud: 'other-api' } })],
      [
        'an expired token (60 s past exp)',
        () => {
          const now = nowSeconds();
          const claims = { iat: now - 660, nbf: now - 660, exp: now - 60 };
          return forgeAccessToken(api.config, victim, { claims });
        },
      ],
      [
        'nbf 60 s in the future',
        () => forgeAccessToken(api.config, victim, { claims: { nbf: nowSeconds() + 60 } }),
      ],
      [
        'a jku header and an attacker signature under kid dev1',
        () =>
          forgeAccessToken(api.config, victim, {
            header: { jku: 'https://attacker.example/jwks.json' },
            key: attackerKey(),
          }),
      ],
      [
        'a jwk header embedding the attacker key that signed it',
        () => {
          const key = attackerKey();
          const jwk = createPublicKey(key).export({ format: 'jwk' });
          return forgeAccessToken(api.config, victim, { header: { jwk }, key });
        },
      ],
      ['an unknown kid', () => forgeAccessToken(api.config, victim, { header: { kid: 'dev2' } })],
      ['no kid', () => forgeAccessToken(api.config, victim, { header: { kid: undefined } })],
      ['typ JWT', () => forgeAccessToken(api.config, victim, { header: { typ: 'JWT' } })],
      ['no typ', () => forgeAccessToken(api.config, victim, { header: { typ: undefined } })],
      ['no sid claim', () => forgeAccessToken(api.config, victim, { claims: { sid: undefined } })],
      ['a refresh token (brt_)', () => victimTokens.refreshToken],
      ['an e-mail verification token (bev_)', () => verificationToken],
      [
        'a session id that does not exist',
        () => forgeAccessToken(api.config, { ...victim, sessionId: randomUUID() }),
      ],
      [
        'the session id of another user',
        () => forgeAccessToken(api.config, { ...victim, sessionId: attacker.sessionId }),
      ],
      ['the token of a session that was logged out', () => revokedTokens.accessToken],
      [
        'a newly signed token for a session that was logged out',
        () => forgeAccessToken(api.config, subjectOf(revokedTokens.accessToken)),
      ],
    ];

    it.each(attacks)('refuses %s', async (_attack, forge) => {
      const response = await apiClient(api).me(forge());
      const body = await expectProblem(response, 401);
      expect(withoutRequestId(body)).toEqual(refusal);
      expect(JSON.stringify(body)).not.toContain(victim.userId);
    });

    it('answers a server error, not 401, when the session store cannot be read', async () => {
      // A 401 tells the client its token is bad (it drops it) and hides the outage as auth failures.
      const sql = api.app.get(DataSource);
      const uncached = forgeAccessToken(api.config, { ...victim, sessionId: randomUUID() });
      await sql.query('ALTER TABLE sessions RENAME TO sessions_unreadable');
      try {
        const response = await apiClient(api).me(uncached);
        expect([500, 503]).toContain(response.status);
        await expectProblem(response, response.status);
      } finally {
        await sql.query('ALTER TABLE sessions_unreadable RENAME TO sessions');
      }
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates the refresh token; earlier access tokens work until the session ends', async () => {
      const first = await signedInUser(api, uniqueEmail('rotate'));
      const response = await apiClient(api).refresh(first.refreshToken);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const second = await bodyOf(response);
      expect(second).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: api.config.tokens.accessTokenTtlSeconds,
      });
      expect(second.refreshToken).toMatch(/^brt_[A-Za-z0-9_-]{43}$/);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(subjectOf(second.accessToken)).toEqual(subjectOf(first.accessToken));
      await expectStatus(apiClient(api).me(first.accessToken), 200);
      await expectStatus(apiClient(api).me(second.accessToken), 200);

      const third = await apiClient(api).refreshed(second.refreshToken);
      await expectStatus(apiClient(api).logout(third.accessToken), 204);
      await expectEnded(api, first, second, third);
    });

    it('revokes the whole session when a rotated token is replayed, and audits the reuse', async () => {
      const email = uniqueEmail('reuse');
      const stolen = await signedInUser(api, email);
      const otherSession = await login(api, email);
      const { userId, sessionId } = subjectOf(stolen.accessToken);
      const legitimate = await apiClient(api).refreshed(stolen.refreshToken);
      await expectStatus(apiClient(api).me(legitimate.accessToken), 200);

      await expectProblem(await apiClient(api).refresh(stolen.refreshToken), 401);
      await expectEnded(api, legitimate, stolen);
      await expectStatus(apiClient(api).me(otherSession.accessToken), 200);
      expect((await sessionRow(api, sessionId)).revoked_reason).toBe('refresh_token_reuse');
      const events = await api.app
        .get(DataSource)
        .query<object[]>(
          `SELECT outcome, actor, metadata FROM audit_events WHERE event = 'authn_token_reuse' AND target = $1`,
          [`session:${sessionId}`],
        );
      expect(events).toEqual([{ outcome: 'failure', actor: userId, metadata: { revoked: 1 } }]);
    });

    it('lets exactly one of concurrent refreshes with one token succeed; the rest are reuse', async () => {
      const tokens = await signedInUser(api, uniqueEmail('race'));
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => apiClient(api).refresh(tokens.refreshToken)),
      );
      const winners = responses.filter((response) => response.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of responses.filter((response) => response.status !== 200)) {
        await expectProblem(loser, 401);
      }
      // Two clients holding one refresh token is what theft looks like: the session ends.
      await expectEnded(api, await bodyOf(winners[0]!), tokens);
      const { sessionId } = subjectOf(tokens.accessToken);
      expect((await sessionRow(api, sessionId)).revoked_reason).toBe('refresh_token_reuse');
    });

    it.each([
      ['empty', ''],
      ['garbage', 'garbage'],
      ['one character short', `brt_${'A'.repeat(42)}`],
      ['with characters outside base64url', `brt_${'+'.repeat(43)}`],
      ['well-formed but never issued', `brt_${randomBytes(32).toString('base64url')}`],
    ])('refuses a refresh token that is %s with 401', async (_label, token) => {
      await expectProblem(await apiClient(api).refresh(token), 401);
    });

    it('refuses other kinds of token, and bodies that are not a refresh token, without a 5xx', async () => {
      const email = uniqueEmail('kinds');
      const tokens = await signedInUser(api, email);
      await expectStatus(apiClient(api).send('POST', '/auth/password/forgot', { email }), 202);
      await settle(api);
      const resetToken = latestMailedToken(api.config.dataDir, email, 'bpr');
      const verificationToken = latestMailedToken(api.config.dataDir, email, 'bev');
      expect([400, 401]).toContain((await apiClient(api).refresh(tokens.accessToken)).status);
      await expectProblem(await apiClient(api).refresh(resetToken), 401);
      await expectProblem(await apiClient(api).refresh(verificationToken), 401);
      for (const body of [{}, { refreshToken: 42 }, { refreshToken: tokens.refreshToken, x: 1 }]) {
        await expectProblem(await apiClient(api).send('POST', '/auth/refresh', body), 400);
      }
      await apiClient(api).refreshed(tokens.refreshToken);
    });

    it('ends a session idle for longer than the idle timeout', async () => {
      const tokens = await signedInUser(api, uniqueEmail('idle'));
      const { sessionId } = subjectOf(tokens.accessToken);
      const idleMs = api.config.sessions.idleTimeoutSeconds * 1000;
      await setSessionTime(api, sessionId, 'last_used_at', new Date(Date.now() - idleMs - 60_000));
      await expectProblem(await apiClient(api).refresh(tokens.refreshToken), 401);
      expect((await sessionRow(api, sessionId)).revoked_reason).toBe('idle_timeout');
      await expectEnded(api, tokens);
    });

    it('keeps a session idle for just under the timeout, and a refresh restarts its idle clock', async () => {
      const tokens = await signedInUser(api, uniqueEmail('active'));
      const { sessionId } = subjectOf(tokens.accessToken);
      const idleMs = api.config.sessions.idleTimeoutSeconds * 1000;
      await setSessionTime(api, sessionId, 'last_used_at', new Date(Date.now() - idleMs + 60_000));
      const before = Date.now();
      await apiClient(api).refreshed(tokens.refreshToken);
      const { last_used_at, revoked_reason } = await sessionRow(api, sessionId);
      expect(revoked_reason).toBeNull();
      expect(last_used_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    });

    it('ends a session at its absolute lifetime, which no refresh extends', async () => {
      const first = await signedInUser(api, uniqueEmail('lifetime'));
      const { sessionId } = subjectOf(first.accessToken);
      const started = await sessionRow(api, sessionId);
      const lifetimeMs = api.config.sessions.absoluteLifetimeSeconds * 1000;
      const createdAt = started.created_at.getTime();
      expect(Math.abs(started.expires_at.getTime() - createdAt - lifetimeMs)).toBeLessThan(2_000);
      const second = await apiClient(api).refreshed(first.refreshToken);
      expect((await sessionRow(api, sessionId)).expires_at).toEqual(started.expires_at);

      await setSessionTime(api, sessionId, 'expires_at', new Date(Date.now() - 1_000));
      await expectProblem(await apiClient(api).refresh(second.refreshToken), 401);
      expect((await sessionRow(api, sessionId)).revoked_reason).toBe('expired');
      await expectEnded(api, second);
    });
  });

  describe('GET /auth/session', () => {
    it('answers the session of the token that asks, and 401 once it is logged out', async () => {
      const email = uniqueEmail('current-session');
      const before = Date.now();
      const tokens = await signedInUser(api, email);
      const current = await bodyOf(apiClient(api).currentSession(tokens.accessToken));
      const listed = await bodyOf(apiClient(api).sessions(tokens.accessToken));
      const me = await bodyOf(apiClient(api).me(tokens.accessToken));
      expect(listed.find((session) => session.current)?.id).toBe(current.id);
      expect(current.userId).toBe(me.id);
      expect(current.mfaVerifiedAt).toBeNull();
      expect(current.mfaEnrolmentRequired).toBe(false);
      expect(Date.parse(current.authenticatedAt)).toBeGreaterThanOrEqual(before - 1000);
      const row = await sessionRow(api, current.id);
      expect(current.expiresAt).toBe(row.expires_at.toISOString());

      await expectStatus(apiClient(api).logout(tokens.accessToken), 204);
      await expectProblem(await apiClient(api).currentSession(tokens.accessToken), 401);
      await expectProblem(await apiClient(api).currentSession(), 401);
    });
  });

  describe('POST /auth/logout and /auth/logout-all', () => {
    it('logout ends the caller’s session at once, and no other', async () => {
      const email = uniqueEmail('logout');
      const current = await signedInUser(api, email);
      const other = await login(api, email);
      await expectStatus(apiClient(api).me(current.accessToken), 200);

      await expectStatus(apiClient(api).logout(current.accessToken), 204);
      await expectEnded(api, current);
      await expectProblem(await apiClient(api).logout(current.accessToken), 401);
      await expectStatus(apiClient(api).me(other.accessToken), 200);
      await apiClient(api).refreshed(other.refreshToken);
      await expectProblem(await apiClient(api).logout(), 401);
    });

    it('logout-all ends every session of the user, rotated ones included, and no other user’s', async () => {
      const email = uniqueEmail('logout-all');
      const first = await signedInUser(api, email);
      const second = await login(api, email);
      const beforeRotation = await login(api, email);
      const rotated = await apiClient(api).refreshed(beforeRotation.refreshToken);
      const bystander = await signedInUser(api, uniqueEmail('bystander'));
      for (const tokens of [first, second, beforeRotation, rotated]) {
        await expectStatus(apiClient(api).me(tokens.accessToken), 200);
      }

      await expectStatus(apiClient(api).logoutAll(second.accessToken), 204);
      await expectEnded(api, first, second, beforeRotation, rotated);
      await expectStatus(apiClient(api).me(bystander.accessToken), 200);
    });
  });

  describe('GET and DELETE /auth/sessions', () => {
    const sessionsOf = async (
      accessToken: string,
      target: TestApp = api,
    ): Promise<SessionItem[]> => {
      const response = await apiClient(target).sessions(accessToken);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return bodyOf(response);
    };
    const revoke = (sessionId: string, accessToken: string): Promise<Response> =>
      apiClient(api).revokeSession(sessionId, accessToken);

    it('lists the caller’s live sessions only, marks the current one, and shows no token', async () => {
      const email = uniqueEmail('list');
      await registerVerified(api, email);
      const phone = await loginWithAgent(api, email, 'PhoneApp/1.0');
      const laptop = await loginWithAgent(api, email, 'LaptopBrowser/2.0');
      const ended = await loginWithAgent(api, email, 'Ended/1.0');
      await expectStatus(apiClient(api).logout(ended.accessToken), 204);
      await signedInUser(api, uniqueEmail('neighbour'));

      const listed = await sessionsOf(phone.accessToken);
      const byId = new Map(listed.map((session) => [session.id, session]));
      expect([...byId.keys()].sort()).toEqual(
        [subjectOf(phone.accessToken).sessionId, subjectOf(laptop.accessToken).sessionId].sort(),
      );
      for (const session of listed) {
        expect(Object.keys(session).sort()).toEqual(
          ['createdAt', 'current', 'id', 'ip', 'lastUsedAt', 'userAgent'].sort(),
        );
        expect(new Date(session.createdAt).toISOString()).toBe(session.createdAt);
        expect(new Date(session.lastUsedAt).toISOString()).toBe(session.lastUsedAt);
      }
      expect(byId.get(subjectOf(phone.accessToken).sessionId)).toMatchObject({
        current: true,
        ip: '127.0.0.1',
        userAgent: 'PhoneApp/1.0',
      });
      expect(byId.get(subjectOf(laptop.accessToken).sessionId)).toMatchObject({
        current: false,
        userAgent: 'LaptopBrowser/2.0',
      });
      const text = JSON.stringify(listed);
      for (const token of [phone.refreshToken, laptop.refreshToken]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(createHash('sha256').update(token).digest('hex'));
      }
      const fromLaptop = await sessionsOf(laptop.accessToken);
      expect(fromLaptop.filter((session) => session.current).map((session) => session.id)).toEqual([
        subjectOf(laptop.accessToken).sessionId,
      ]);
    });

    it('leaves out a session past its idle timeout: it can never be refreshed again', async () => {
      const email = uniqueEmail('list-idle');
      const current = await signedInUser(api, email);
      const idle = subjectOf((await login(api, email)).accessToken).sessionId;
      const idleMs = api.config.sessions.idleTimeoutSeconds * 1000;
      await setSessionTime(api, idle, 'last_used_at', new Date(Date.now() - idleMs - 60_000));
      expect((await sessionsOf(current.accessToken)).map((session) => session.id)).toEqual([
        subjectOf(current.accessToken).sessionId,
      ]);
    });

    it('revokes one of the caller’s other sessions at once', async () => {
      const email = uniqueEmail('revoke');
      const current = await signedInUser(api, email);
      const other = await login(api, email);
      const otherId = subjectOf(other.accessToken).sessionId;
      await expectStatus(apiClient(api).me(other.accessToken), 200);

      await expectStatus(revoke(otherId, current.accessToken), 204);
      await expectEnded(api, other);
      await expectStatus(apiClient(api).me(current.accessToken), 200);
      expect((await sessionsOf(current.accessToken)).map((session) => session.id)).toEqual([
        subjectOf(current.accessToken).sessionId,
      ]);
      await expectProblem(await revoke(otherId, current.accessToken), 404);
    });

    it('lists at most 100 sessions, the most recently used first', async () => {
      const email = uniqueEmail('many');
      const tokens = await signedInUser(api, email);
      const { userId } = subjectOf(tokens.accessToken);
      const sessions = api.app.get(SessionService);
      for (let index = 0; index < LIVE_SESSIONS_LISTED; index += 1) {
        await sessions.start(
          { userId, credentialVersion: 0 },
          { ip: null, userAgent: null },
          {
            verified: false,
            enrolmentRequired: false,
          },
        );
      }
      const newest = await login(api, email);
      const listed = await sessionsOf(newest.accessToken);
      expect(listed).toHaveLength(LIVE_SESSIONS_LISTED);
      expect(listed[0]?.id).toBe(subjectOf(newest.accessToken).sessionId);
      expect(listed.map((session) => session.id)).not.toContain(
        subjectOf(tokens.accessToken).sessionId,
      );
    });

    it('ends the least recently used session beyond SESSION_MAX_PER_USER, audited', async () => {
      const limited = await startTestApp({ database, env: { SESSION_MAX_PER_USER: '3' } });
      try {
        const email = uniqueEmail('capped');
        const oldest = await signedInUser(limited, email);
        const others = [await login(limited, email), await login(limited, email)];
        // The first is used again, so the least recently used is now the second.
        await apiClient(limited).refreshed(oldest.refreshToken);
        const newest = await login(limited, email);
        const live = (await sessionsOf(newest.accessToken, limited)).map((session) => session.id);
        expect(live).toHaveLength(3);
        expect(live).not.toContain(subjectOf(others[0]!.accessToken).sessionId);
        await expectEnded(limited, others[0]!);
        const events = await limited.app
          .get(DataSource)
          .query<{ metadata: unknown }[]>(
            `SELECT metadata FROM audit_events WHERE event = 'session_revoked' AND target = $1`,
            [`user:${subjectOf(newest.accessToken).userId}`],
          );
        expect(events).toEqual([{ metadata: { reason: 'session_limit', sessions: 1 } }]);
      } finally {
        await limited.close();
      }
    });

    it('answers 404 for another user’s session, and leaves it alone', async () => {
      const victim = await signedInUser(api, uniqueEmail('owner'));
      const attacker = await signedInUser(api, uniqueEmail('intruder'));
      const victimSession = subjectOf(victim.accessToken).sessionId;

      const foreign = await expectProblem(await revoke(victimSession, attacker.accessToken), 404);
      const unknown = await expectProblem(await revoke(randomUUID(), attacker.accessToken), 404);
      expect(withoutRequestId(foreign)).toEqual(withoutRequestId(unknown));
      await expectStatus(apiClient(api).me(victim.accessToken), 200);
      await apiClient(api).refreshed(victim.refreshToken);
    });

    it('answers 400 for a session id that is not a uuid', async () => {
      const tokens = await signedInUser(api, uniqueEmail('not-uuid'));
      for (const id of ['not-a-uuid', encodeURIComponent("1' OR '1'='1"), '42']) {
        await expectProblem(await revoke(id, tokens.accessToken), 400);
      }
      await expectStatus(apiClient(api).me(tokens.accessToken), 200);
    });
  });
});

// Two instances need one PostgreSQL database: PGlite lives inside a single process.
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl !== undefined && adminUrl !== '' && REDIS.present) {
  describe('session revocation across two instances sharing PostgreSQL and Redis', () => {
    let shared: SharedInstancesEnv;
    let first: TestApp;
    let second: TestApp;
    let redis: TestRedis;

    beforeAll(async () => {
      shared = await sharedInstancesEnv(adminUrl);
      // One after the other: both run the migrations at start.
      first = await startTestApp({ env: shared.env });
      second = await startTestApp({ env: shared.env });
      redis = await openTestRedis();
    });
    afterAll(async () => {
      await redis.close();
      await second.close();
      await first.close();
      await shared.remove();
    });

    it('refuses on B the very next request after a logout on A', async () => {
      const tokens = await signedInUser(first, uniqueEmail('two-instances'));
      const cacheKey = REDIS_SESSION_PREFIX + subjectOf(tokens.accessToken).sessionId;
      await expectStatus(apiClient(second).me(tokens.accessToken), 200);
      expect(await redis.redis.exists(cacheKey)).toBe(1);

      await expectStatus(apiClient(first).logout(tokens.accessToken), 204);
      await expectProblem(await apiClient(second).me(tokens.accessToken), 401);
      expect(await redis.redis.exists(cacheKey)).toBe(0);
    });

    it('refuses on A the very next request after B detects a replayed refresh token', async () => {
      const stolen = await signedInUser(first, uniqueEmail('two-instances-reuse'));
      const legitimate = await apiClient(first).refreshed(stolen.refreshToken);
      await expectStatus(apiClient(first).me(legitimate.accessToken), 200);

      await expectProblem(await apiClient(second).refresh(stolen.refreshToken), 401);
      await expectProblem(await apiClient(first).me(legitimate.accessToken), 401);
      await expectProblem(await apiClient(first).me(stolen.accessToken), 401);
    });
  });
}
