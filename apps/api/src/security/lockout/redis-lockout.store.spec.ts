import { afterEach, beforeEach, expect, it } from 'vitest';
import { connectRedis, closeRedis } from '../../platform/redis/redis.client.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { closedRedisUrl, openTestRedis, type TestRedis } from '../../../test/support/redis.js';
import { LOCKOUT_STATE_TTL_MS, type LockoutPolicy } from './lockout.store.js';
import { REDIS_LOCKOUT_PREFIX, RedisLockoutStore } from './redis-lockout.store.js';
import { describeWith, REDIS } from '../../../test/support/requirements.js';

const POLICY: LockoutPolicy = { threshold: 3, baseSeconds: 60, maxSeconds: 3600 };
const NOW = 1_750_000_000_000;

describeWith(REDIS)(RedisLockoutStore.name, () => {
  let test: TestRedis;

  beforeEach(async () => {
    test = await openTestRedis();
  });
  afterEach(async () => {
    await test.close();
  });

  it('keeps bulwark:lockout: as its default prefix', () => {
    expect(REDIS_LOCKOUT_PREFIX).toBe('bulwark:lockout:');
  });

  it('expires a key a day after its last failure, or a day after its lock ends', async () => {
    const store = new RedisLockoutStore(test.redis, POLICY, () => NOW, test.prefix);
    const key = `${test.prefix}k`;

    await store.recordFailure('k');
    const idle = await test.redis.pttl(key);
    expect(idle).toBeGreaterThan(LOCKOUT_STATE_TTL_MS - 5_000);
    expect(idle).toBeLessThanOrEqual(LOCKOUT_STATE_TTL_MS);

    await store.recordFailure('k');
    await store.recordFailure('k');
    const locked = await test.redis.pttl(key);
    expect(locked).toBeGreaterThan(60_000 + LOCKOUT_STATE_TTL_MS - 5_000);
    expect(locked).toBeLessThanOrEqual(60_000 + LOCKOUT_STATE_TTL_MS);

    await store.delete('k');
    await expect(test.redis.exists(key)).resolves.toBe(0);
  });

  it('counts parallel failures from two clients exactly: no lost update, one lock', async () => {
    const perClient = 100;
    const threshold = 150;
    const other = test.redis.duplicate();
    await other.connect();
    try {
      const policy = { ...POLICY, threshold };
      const stores = [test.redis, other].map(
        (client) => new RedisLockoutStore(client, policy, () => NOW, test.prefix),
      );
      const results = await Promise.all(
        stores.flatMap((store) =>
          Array.from({ length: perClient }, () => store.recordFailure('k')),
        ),
      );

      const locks = results.filter((result) => result.lockedForSeconds !== undefined);
      expect(locks).toEqual([{ failures: threshold, lockedForSeconds: 60 }]);
      const counted = results
        .map((result) => result.failures)
        .filter((failures) => failures > 0)
        .sort((a, b) => a - b);
      expect(counted).toEqual(Array.from({ length: threshold }, (_, index) => index + 1));
      // The rest arrived while locked: refused without counting.
      expect(results.length - counted.length).toBe(2 * perClient - threshold);
      await expect(stores[0]!.lockRemainingMs('k')).resolves.toBe(60_000);
    } finally {
      await other.quit();
    }
  });

  it('fails every operation with SharedStateUnavailableError while Redis is down', async () => {
    const down = await connectRedis(await closedRedisUrl(), { warn: () => undefined });
    try {
      const store = new RedisLockoutStore(down, POLICY);
      for (const operation of [
        store.lockRemainingMs('k'),
        store.recordFailure('k'),
        store.delete('k'),
      ]) {
        await expect(operation).rejects.toBeInstanceOf(SharedStateUnavailableError);
      }
    } finally {
      await closeRedis(down);
    }
  });
});
