import { randomBytes } from 'node:crypto';
import { Controller, Get, Module } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticated } from '../src/platform/route-access/authorization.decorators.js';
import { Public } from '../src/platform/route-access/public.decorator.js';
import { openTestRedis, TEST_REDIS_URL, type TestRedis } from './support/redis.js';
import { RateLimit } from '../src/security/throttling/rate-limit.decorator.js';
import { auditEventsOf } from './support/audit-events.js';
import { send } from './support/identity.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/test-app.js';
import { REDIS } from './support/requirements.js';

/** Routes that exist only here: one with the default limit, two that override it. */
@Controller('test-throttling')
class ThrottlingFixtureController {
  @Public()
  @Get('default')
  default(): object {
    return {};
  }

  @Public()
  @Get('overridden')
  @RateLimit('default', { limit: 2, windowSeconds: 60 })
  overridden(): object {
    return {};
  }

  @Authenticated()
  @Get('authenticated')
  @RateLimit('default', { limit: 2, windowSeconds: 60 })
  authenticated(): object {
    return {};
  }
}

@Module({ controllers: [ThrottlingFixtureController] })
class ThrottlingFixtureModule {}

const LOGIN_LIMIT = 3;

/** Blind-index keys shared by the two instances of the Redis case, so they digest alike. */
const sharedKeys = {
  BLIND_INDEX_KEYS: `t1:${randomBytes(32).toString('base64')}`,
  BLIND_INDEX_ACTIVE_KEY_ID: 't1',
};

function attempt(api: TestApp, email: string): Promise<Response> {
  return send(api, 'POST', '/auth/login', { email, password: 'not the password at all' });
}

const stores = [
  { store: 'the in-process store', redis: false },
  ...(REDIS.present ? [{ store: 'Redis', redis: true }] : []),
];

describe.each(stores)('throttling with $store', ({ redis }) => {
  let api: TestApp;
  let testRedis: TestRedis | undefined;
  let options: TestAppOptions;

  beforeAll(async () => {
    testRedis = redis ? await openTestRedis() : undefined;
    const prefix = testRedis?.prefix;
    options = {
      env: {
        THROTTLE_LOGIN: `${LOGIN_LIMIT}/60`,
        ...sharedKeys,
        ...(redis && { REDIS_URL: TEST_REDIS_URL }),
      },
      imports: [ThrottlingFixtureModule],
      // Keys of their own, so that parallel suites on the same Redis share no budget.
      configure: (config) =>
        prefix === undefined
          ? config
          : { ...config, throttling: { ...config.throttling, redisKeyPrefix: prefix } },
    };
    api = await startTestApp(options);
  });
  afterAll(async () => {
    await api.close();
    await testRedis?.close();
  });

  it('answers the login past the limit of one account with 429 problem+json, Retry-After and RateLimit headers', async () => {
    const email = 'blocked@example.com';
    for (let index = 1; index <= LOGIN_LIMIT; index++) {
      const admitted = await attempt(api, email);
      expect(admitted.status).toBe(401);
      // Counts of an account's limit would tell anyone when it was last tried.
      expect(admitted.headers.has('ratelimit')).toBe(false);
    }
    const refused = await attempt(api, email);
    const problem = await expectProblem(refused, 429);
    expect(problem).toMatchObject({
      type: 'urn:bulwark:problem:rate-limited',
      title: 'Too many requests.',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-policy')).toBe(`"login";q=${LOGIN_LIMIT};w=60`);
    expect(refused.headers.get('ratelimit')).toBe(`"login";r=0;t=${retryAfter}`);
    expect(JSON.stringify(problem)).not.toMatch(/login|email|blocked@/);
  });

  it('keys the login limit by account: another account from the same address is not blocked', async () => {
    const email = 'victim@example.com';
    for (let index = 0; index <= LOGIN_LIMIT; index++) {
      await attempt(api, email);
    }
    expect((await attempt(api, 'VICTIM@example.com')).status).toBe(429);
    expect((await attempt(api, 'bystander@example.com')).status).toBe(401);
  });

  it('records one excess_rate_limit_exceeded event per key and window, however many requests are refused', async () => {
    const email = 'flood@example.com';
    const requestIds: string[] = [];
    for (let index = 0; index < LOGIN_LIMIT + 20; index++) {
      const response = await attempt(api, email);
      requestIds.push(response.headers.get('x-request-id') ?? '');
    }
    const events = (await auditEventsOf(api, requestIds)).filter(
      (event) => event.event === 'excess_rate_limit_exceeded',
    );
    expect(events).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        target: 'POST /auth/login',
        metadata: { limit: 'login', subject: 'email', requests: LOGIN_LIMIT, windowSeconds: 60 },
      }),
    ]);
    expect(requestIds.indexOf(events[0]!.requestId!)).toBe(LOGIN_LIMIT);
  });

  it('applies a per-route override of the default limit to that route alone', async () => {
    const get = (path: string) => fetch(`${api.url}/test-throttling/${path}`);
    expect((await get('overridden')).status).toBe(200);
    expect((await get('overridden')).status).toBe(200);
    const refused = await get('overridden');
    await expectProblem(refused, 429);
    expect(refused.headers.get('ratelimit-policy')).toBe('"default";q=2;w=60');
    expect((await get('default')).status).toBe(200);
  });

  it('counts requests before authentication, so floods of bad tokens are limited too', async () => {
    const bad = () => send(api, 'GET', '/test-throttling/authenticated', undefined, 'not-a-token');
    expect((await bad()).status).toBe(401);
    expect((await bad()).status).toBe(401);
    await expectProblem(await bad(), 429);
  });

  // What only a shared store has: keys to inspect, and a budget shared by instances.
  if (redis) {
    it('keeps no e-mail address in Redis keys', async () => {
      await attempt(api, 'plain.address@example.com');
      const keys = await testRedis!.redis.keys(`${testRedis!.prefix}*`);
      expect(keys.some((key) => key.includes(':email:'))).toBe(true);
      expect(keys.join('\n')).not.toMatch(/@|example/i);
    });

    it('shares one budget between two instances: L attempts in total, not L each', async () => {
      const second = await startTestApp(options);
      try {
        const email = 'two-instances@example.com';
        const statuses: number[] = [];
        for (let index = 0; index < 2 * LOGIN_LIMIT + 2; index++) {
          statuses.push((await attempt(index % 2 === 0 ? api : second, email)).status);
        }
        expect(statuses.filter((status) => status === 401)).toHaveLength(LOGIN_LIMIT);
        expect(statuses.slice(LOGIN_LIMIT).every((status) => status === 429)).toBe(true);
      } finally {
        await second.close();
      }
    });
  }
});
