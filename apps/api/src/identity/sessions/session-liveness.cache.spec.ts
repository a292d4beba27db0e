import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../../platform/redis/redis.client.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { closedRedisUrl, openTestRedis, type TestRedis } from '../../../test/support/redis.js';
import {
  createSessionLivenessCache,
  MemorySessionLivenessCache,
  RedisSessionLivenessCache,
  type SessionLivenessCache,
} from './session-liveness.cache.js';
import { describeWith, REDIS } from '../../../test/support/requirements.js';

const ADA = {
  userId: 'user-ada',
  authenticatedAt: 1_700_000_000_000,
  mfaVerifiedAt: null,
  mfaEnrolmentRequired: false,
  expiresAt: 1_700_086_400_000,
  roles: ['user'],
  permissions: [],
  mfaEnabled: false,
};
const BOB = {
  userId: 'user-bob',
  authenticatedAt: 1_600_000_000_000,
  mfaVerifiedAt: 1_700_000_000_000,
  mfaEnrolmentRequired: true,
  expiresAt: 1_700_086_400_000,
  roles: ['auditor', 'user'],
  permissions: ['audit:read', 'users:read'],
  mfaEnabled: true,
};

interface CacheUnderTest {
  readonly cache: SessionLivenessCache;
  close(): Promise<void>;
}

const caches: [string, () => Promise<CacheUnderTest>][] = [
  [
    MemorySessionLivenessCache.name,
    () => Promise.resolve({ cache: new MemorySessionLivenessCache(), close: async () => {} }),
  ],
  [
    RedisSessionLivenessCache.name,
    async () => {
      const test = await openTestRedis();
      return {
        cache: new RedisSessionLivenessCache(test.redis, test.prefix),
        close: () => test.close(),
      };
    },
  ],
];

// Without TEST_REDIS_URL the Redis cache is left out (test/support/requirements.ts).
const runnable = caches.filter(
  ([name]) => name !== RedisSessionLivenessCache.name || REDIS.present,
);

describe.each(runnable)('%s', (_name, open) => {
  let opened: CacheUnderTest;
  let cache: SessionLivenessCache;

  beforeEach(async () => {
    opened = await open();
    cache = opened.cache;
  });
  afterEach(async () => {
    await opened.close();
  });

  it('answers what was set, and undefined for any other session', async () => {
    await cache.set('s1', ADA, 60);
    await expect(cache.get('s1')).resolves.toEqual(ADA);
    await expect(cache.get('s2')).resolves.toBeUndefined();
  });

  it('forgets the deleted sessions at once, and only those', async () => {
    await cache.set('s1', ADA, 60);
    await cache.set('s2', ADA, 60);
    await cache.set('s3', BOB, 60);
    await cache.delete(['s1', 's2', 'never-cached']);
    await cache.delete([]);
    await expect(cache.get('s1')).resolves.toBeUndefined();
    await expect(cache.get('s2')).resolves.toBeUndefined();
    await expect(cache.get('s3')).resolves.toEqual(BOB);
  });

  it('caches nothing for under a second, and drops what was cached before', async () => {
    await cache.set('s1', ADA, 60);
    await cache.set('s1', ADA, 0.9);
    await cache.set('s2', ADA, 0);
    await expect(cache.get('s1')).resolves.toBeUndefined();
    await expect(cache.get('s2')).resolves.toBeUndefined();
  });
});

describe(MemorySessionLivenessCache.name, () => {
  it('expires an entry after its TTL, rounded down to whole seconds', async () => {
    let now = 0;
    const cache = new MemorySessionLivenessCache(() => now);
    await cache.set('s1', ADA, 2.9);
    now += 1_999;
    await expect(cache.get('s1')).resolves.toEqual(ADA);
    now += 1;
    await expect(cache.get('s1')).resolves.toBeUndefined();
  });

  it('holds at most maxEntries, evicting the entry written longest ago', async () => {
    const cache = new MemorySessionLivenessCache(() => 0, 2);
    await cache.set('s1', ADA, 60);
    await cache.set('s2', ADA, 60);
    await cache.set('s1', ADA, 60);
    await cache.set('s3', BOB, 60);
    await expect(cache.get('s1')).resolves.toEqual(ADA);
    await expect(cache.get('s2')).resolves.toBeUndefined();
    await expect(cache.get('s3')).resolves.toEqual(BOB);
  });
});

describeWith(REDIS)(RedisSessionLivenessCache.name, () => {
  let test: TestRedis;

  beforeEach(async () => {
    test = await openTestRedis();
  });
  afterEach(async () => {
    await test.close();
  });

  it('stores JSON under bulwark:session: with a real TTL, rounded down', async () => {
    const cache = createSessionLivenessCache(test.redis);
    const sessionId = `test-${randomUUID()}`;
    const key = `bulwark:session:${sessionId}`;
    try {
      await cache.set(sessionId, ADA, 1.9);
      await expect(test.redis.get(key)).resolves.toBe(JSON.stringify(ADA));
      const ttl = await test.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1_000);
    } finally {
      await test.redis.del(key);
    }
  });

  it('treats a value it did not write as a miss', async () => {
    const cache = new RedisSessionLivenessCache(test.redis, test.prefix);
    await test.redis.set(`${test.prefix}s1`, '{"user":"ada"}');
    await expect(cache.get('s1')).resolves.toBeUndefined();
  });

  it('fails every operation with SharedStateUnavailableError while Redis is down', async () => {
    const down = await connectRedis(await closedRedisUrl(), { warn: () => undefined });
    try {
      const cache = createSessionLivenessCache(down);
      for (const operation of [cache.get('s1'), cache.set('s1', ADA, 60), cache.delete(['s1'])]) {
        await expect(operation).rejects.toBeInstanceOf(SharedStateUnavailableError);
      }
    } finally {
      await closeRedis(down);
    }
  });
});

describe(createSessionLivenessCache.name, () => {
  it('keeps entries in this process when Redis is not configured', () => {
    expect(createSessionLivenessCache(null)).toBeInstanceOf(MemorySessionLivenessCache);
  });
});
