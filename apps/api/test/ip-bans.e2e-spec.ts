import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestRedis, TEST_REDIS_URL, type TestRedis } from './support/redis.js';
import { SessionService } from '../src/identity/sessions/session.service.js';
import { auditEventsOf } from './support/audit-events.js';
import { createUser, enrolMfa, sessionToken, signedInAdmin } from './support/actors.js';
import {
  apiClient,
  bodyOf,
  type ApiClient,
  type IpBanPage,
  type MfaChallenge,
  type Tokens,
} from './support/api-client.js';
import { GOOD_PASSWORD, uniqueEmail } from './support/identity.js';
import { PROBLEM, requestIdOf, wrongCode } from './support/mfa.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/test-app.js';
import { testDatabases, type TestDatabase } from './support/test-database.js';
import { describeWith, REDIS } from './support/requirements.js';

const DISTINCT_ACCOUNTS = 3;

// Throttles are another suite's subject: budgets large enough never to answer 429 here.
const ENV = {
  IP_BAN_DISTINCT_ACCOUNTS: String(DISTINCT_ACCOUNTS),
  // The tests' client is loopback, which is exempt by default outside production.
  IP_BAN_EXEMPT: '',
  LOGIN_LOCKOUT_THRESHOLD: '50',
  THROTTLE_DEFAULT: '100000/60',
  THROTTLE_LOGIN: '100000/60',
  THROTTLE_MFA_VERIFY: '100000/60',
  THROTTLE_REFRESH: '100000/60',
};

/** A client of `api`: from `forwardedFor` when given (believed only from a trusted proxy). */
function client(api: TestApp, forwardedFor?: string): ApiClient['send'] {
  const from = apiClient(api).with(
    forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  );
  return from.send.bind(from);
}

async function adminToken(api: TestApp): Promise<string> {
  return (await signedInAdmin(api)).accessToken;
}

async function userToken(api: TestApp): Promise<string> {
  return sessionToken(api, await createUser(api, ['user'], 'ip-bans'), false);
}

/** A failed login against an address no account has; each call names another account. */
async function failLogin(send: ReturnType<typeof client>): Promise<void> {
  const response = await send('POST', '/auth/login', {
    email: uniqueEmail('nobody'),
    password: 'not the password at all',
  });
  expect(response.status).toBe(401);
}

/** The answer every request of a banned client gets. */
async function expectBanned(response: Response, maxSeconds = 3600): Promise<void> {
  const problem = await expectProblem(response, 403);
  expect(problem.type).toBe(`${PROBLEM}ip-banned`);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

function start(options: TestAppOptions = {}): Promise<TestApp> {
  return startTestApp({ ...options, env: { ...ENV, ...options.env } });
}

describe('IP bans of an untrusted client', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await start();
  });
  afterAll(async () => {
    await api.close();
  });

  it('bans after failures against distinct accounts, whatever X-Forwarded-For claims', async () => {
    const known = await createUser(api);
    // Each attempt claims another address: from an untrusted peer the header is ignored.
    const spoofed = (n: number) => client(api, `198.51.100.${n}`);
    await failLogin(spoofed(1));
    await failLogin(spoofed(2));
    const last = await spoofed(3)('POST', '/auth/login', { email: known.email, password: 'nope!' });
    await expectProblem(last, 401);

    const [event] = (await auditEventsOf(api, [requestIdOf(last)])).filter(
      (row) => row.event === 'authn_login_lock',
    );
    expect(event).toMatchObject({
      outcome: 'success',
      actor: 'system',
      target: 'ip:127.0.0.1',
      metadata: { scope: 'ip', distinctAccounts: 3, windowSeconds: 600, seconds: 3600 },
    });

    // Every route, public or not, known or not, and a right password: refused before anything.
    const next = spoofed(4);
    await expectBanned(
      await next('POST', '/auth/login', { email: known.email, password: GOOD_PASSWORD }),
    );
    await expectBanned(await next('GET', '/health/ready'));
    await expectBanned(await next('GET', '/users/me'));
    await expectBanned(await next('GET', '/no-such-route'));
    await expectBanned(await client(api)('GET', '/.well-known/jwks.json'));
    // Left to the orchestrator's probes.
    expect((await next('GET', '/health/live')).status).toBe(200);
  });
});

describe('IP bans outside production, by default', () => {
  let api: TestApp;

  beforeAll(async () => {
    const defaults: Record<string, string> = { ...ENV };
    delete defaults.IP_BAN_EXEMPT;
    api = await startTestApp({ env: defaults });
  });
  afterAll(async () => {
    await api.close();
  });

  it('never bans loopback: a developer’s typos do not lock them out of their own API', async () => {
    const send = client(api);
    for (let account = 0; account < 2 * DISTINCT_ACCOUNTS; account++) {
      await failLogin(send);
    }
    expect((await send('GET', '/health/ready')).status).toBe(200);
    const bans = await api.app
      .get(DataSource)
      .query<unknown[]>(`SELECT 1 FROM audit_events WHERE event = 'authn_login_lock'`);
    expect(bans).toEqual([]);
  });
});

describe('IP bans that end', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await start({ env: { IP_BAN_DURATION_SECONDS: '2' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('serves the client again once the ban has ended', async () => {
    const send = client(api);
    for (let account = 0; account < DISTINCT_ACCOUNTS; account++) {
      await failLogin(send);
    }
    await expectBanned(await send('GET', '/health/ready'), 2);
    await vi.waitFor(
      async () => {
        expect((await send('GET', '/health/ready')).status).toBe(200);
      },
      { timeout: 30_000, interval: 200 },
    );
  });
});

describe.each(testDatabases())(
  'IP bans behind a trusted proxy on $kind',
  (database: TestDatabase) => {
    let api: TestApp;

    beforeAll(async () => {
      api = await start({ database, env: { TRUSTED_PROXIES: '127.0.0.1/32' } });
    });
    afterAll(async () => {
      await api.close();
    });

    /** A client address of its own per test, so that one test's ban never meets another's. */
    let next = 0;
    const newAddress = (): string => `203.0.113.${++next}`;

    it('leaves a banned client its sessions (refresh, logout), but no sign-in', async () => {
      const address = newAddress();
      const send = client(api, address);
      const owner = await createUser(api);
      const signedIn = await send('POST', '/auth/login', {
        email: owner.email,
        password: GOOD_PASSWORD,
      });
      const { refreshToken, accessToken } = await bodyOf<Tokens>(signedIn);
      for (let account = 0; account < DISTINCT_ACCOUNTS; account++) {
        await failLogin(send);
      }
      await expectBanned(
        await send('POST', '/auth/login', { email: owner.email, password: GOOD_PASSWORD }),
      );
      await expectBanned(await send('GET', '/users/me', undefined, accessToken));
      // A 256-bit refresh token is not guessed: the ban does not need to stop it.
      const refreshed = await send('POST', '/auth/refresh', { refreshToken });
      expect(refreshed.status).toBe(200);
      const renewed = await bodyOf<Tokens>(refreshed);
      expect((await send('POST', '/auth/logout', undefined, renewed.accessToken)).status).toBe(204);
    });

    it('does not ban for failures against one account only: that is the lockout’s job', async () => {
      const send = client(api, newAddress());
      const { email } = await createUser(api);
      for (let attempt = 0; attempt < 3 * DISTINCT_ACCOUNTS; attempt++) {
        const response = await send('POST', '/auth/login', { email, password: `wrong ${attempt}` });
        expect(response.status).toBe(401);
      }
      expect((await send('GET', '/health/ready')).status).toBe(200);
    });

    it('counts wrong MFA codes, each against its account', async () => {
      const address = newAddress();
      const send = client(api, address);
      for (let account = 0; account < DISTINCT_ACCOUNTS; account++) {
        const user = await createUser(api);
        const secret = await enrolMfa(api, user);
        const challenge = await bodyOf<MfaChallenge>(
          await send('POST', '/auth/login', { email: user.email, password: GOOD_PASSWORD }),
          200,
        );
        const verify = { mfaToken: challenge.mfaToken, code: wrongCode(secret) };
        await expectProblem(await send('POST', '/auth/mfa/verify', verify), 401);
      }
      await expectBanned(await send('GET', '/health/ready'));
      // The proxy appends the peer it saw: what the client put before it changes nothing.
      await expectBanned(await client(api, `10.9.8.7, ${address}`)('GET', '/health/ready'));
    });

    it('counts replayed refresh tokens', async () => {
      const send = client(api, newAddress());
      for (let account = 0; account < DISTINCT_ACCOUNTS; account++) {
        const user = await createUser(api);
        const stolen = await api.app
          .get(SessionService)
          .start(
            { userId: user.id, credentialVersion: 0 },
            { ip: null, userAgent: null },
            { verified: false, enrolmentRequired: false },
          );
        expect(
          (await client(api)('POST', '/auth/refresh', { refreshToken: stolen.refreshToken }))
            .status,
        ).toBe(200);
        await expectProblem(
          await send('POST', '/auth/refresh', { refreshToken: stolen.refreshToken }),
          401,
        );
      }
      await expectBanned(await send('GET', '/health/ready'));
    });

    it('bans an IPv6 client’s whole /64, which rotating addresses inside does not dodge', async () => {
      for (let host = 1; host <= DISTINCT_ACCOUNTS; host++) {
        await failLogin(client(api, `2001:db8:5:6::${host}`));
      }
      await expectBanned(await client(api, '2001:db8:5:6:ffff::1')('GET', '/health/ready'));
      expect((await client(api, '2001:db8:5:7::1')('GET', '/health/ready')).status).toBe(200);

      const lifted = await client(api)(
        'DELETE',
        '/admin/ip-bans/2001:db8:5:6::',
        undefined,
        await adminToken(api),
      );
      expect(lifted.status).toBe(204);
    });

    it('lets an admin list and lift bans, audited; a plain user gets 403', async () => {
      const address = newAddress();
      const banned = client(api, address);
      for (let account = 0; account < DISTINCT_ACCOUNTS; account++) {
        await failLogin(banned);
      }
      const admin = await adminToken(api);
      const user = await userToken(api);
      const send = client(api);

      await expectProblem(await send('GET', '/admin/ip-bans', undefined, user), 403);
      await expectProblem(await send('DELETE', `/admin/ip-bans/${address}`, undefined, user), 403);

      const listed = await send<IpBanPage>('GET', '/admin/ip-bans?limit=100', undefined, admin);
      const page = await bodyOf(listed);
      const ban = page.items.find((item) => item.ip === address);
      expect(Date.parse(ban?.expiresAt ?? '')).toBeGreaterThan(Date.now());
      expect(page.total).toBeGreaterThanOrEqual(1);

      await expectProblem(await send('DELETE', '/admin/ip-bans/not-an-ip', undefined, admin), 400);
      const lifted = await send('DELETE', `/admin/ip-bans/${address}`, undefined, admin);
      expect(lifted.status).toBe(204);
      expect((await banned('GET', '/health/ready')).status).toBe(200);
      await expectProblem(await send('DELETE', `/admin/ip-bans/${address}`, undefined, admin), 404);

      const events = await auditEventsOf(api, [requestIdOf(listed), requestIdOf(lifted)]);
      expect(events).toEqual([
        expect.objectContaining({
          event: 'authz_admin',
          target: 'ip-bans',
          metadata: { action: 'ip_bans_listed', total: page.total },
        }),
        expect.objectContaining({
          event: 'authz_admin',
          target: `ip:${address}`,
          metadata: { action: 'ip_ban_lifted' },
        }),
      ]);
    });
  },
);

describeWith(REDIS)('IP bans with REDIS_URL, across two instances', () => {
  let redis: TestRedis;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    redis = await openTestRedis();
    const options: TestAppOptions = {
      env: { REDIS_URL: TEST_REDIS_URL, TRUSTED_PROXIES: '127.0.0.1/32' },
      // Keys of their own, shared by both instances and by no other test.
      configure: (config) => ({
        ...config,
        ipBans: { ...config.ipBans, redisKeyPrefix: redis.prefix },
      }),
    };
    first = await start(options);
    second = await start(options);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await redis.close();
  });

  it('adds up failures seen by both, holds the ban on both, and a lift on one frees both', async () => {
    const address = '192.0.2.10';
    await failLogin(client(first, address));
    await failLogin(client(second, address));
    expect((await client(first, address)('GET', '/health/ready')).status).toBe(200);
    await failLogin(client(first, address));

    await expectBanned(await client(second, address)('GET', '/health/ready'));
    await expectBanned(await client(first, address)('GET', '/health/ready'));
    await expect(redis.redis.zscore(`${redis.prefix}bans`, address)).resolves.not.toBeNull();

    const admin = await adminToken(second);
    const page = await bodyOf(client(second)<IpBanPage>('GET', '/admin/ip-bans', undefined, admin));
    expect(page.items.map((item) => item.ip)).toEqual([address]);
    expect(
      (await client(second)('DELETE', `/admin/ip-bans/${address}`, undefined, admin)).status,
    ).toBe(204);
    expect((await client(first, address)('GET', '/health/ready')).status).toBe(200);
  });
});
