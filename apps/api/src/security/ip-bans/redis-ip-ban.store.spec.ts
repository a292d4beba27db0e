import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../../platform/redis/redis.client.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { closedRedisUrl, openTestRedis, type TestRedis } from '../../../test/support/redis.js';
import { IP_BAN_REDIS_KEY_PREFIX, type RedisIpBanStoreConfig } from './ip-bans.config.js';
import { RedisIpBanStore } from './redis-ip-ban.store.js';
import { describeWith, REDIS } from '../../../test/support/requirements.js';

const CONFIG: RedisIpBanStoreConfig = {
  distinctAccounts: 3,
  windowSeconds: 600,
  durationSeconds: 3600,
  redisKeyPrefix: IP_BAN_REDIS_KEY_PREFIX,
};
const IP = '203.0.113.7';
const NOW = 1_750_000_000_000;

describeWith(REDIS)(RedisIpBanStore.name, () => {
  let test: TestRedis;

  beforeEach(async () => {
    test = await openTestRedis();
  });
  afterEach(async () => {
    await test.close();
  });

  it('keeps bulwark:ip-ban: as its default prefix', () => {
    expect(IP_BAN_REDIS_KEY_PREFIX).toBe('bulwark:ip-ban:');
  });

  it('expires an address’s failures with the window, and keeps only digests or ids', async () => {
    const store = new RedisIpBanStore(
      test.redis,
      { ...CONFIG, redisKeyPrefix: test.prefix },
      () => NOW,
    );
    await store.recordFailure(IP, 'email:digest-of-ada');
    const key = `${test.prefix}failures:${IP}`;
    const ttl = await test.redis.pttl(key);
    expect(ttl).toBeGreaterThan(600_000 - 5_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    await expect(test.redis.zrange(key, '0', '-1')).resolves.toEqual(['email:digest-of-ada']);

    await store.recordFailure(IP, 'user:b');
    await store.recordFailure(IP, 'user:c');
    // The ban restarts the count: nothing of the accounts is kept.
    await expect(test.redis.exists(key)).resolves.toBe(0);
  });

  it('places exactly one ban for parallel failures from two clients', async () => {
    const other = test.redis.duplicate();
    await other.connect();
    try {
      const config = { ...CONFIG, distinctAccounts: 150, redisKeyPrefix: test.prefix };
      const stores = [test.redis, other].map(
        (client) => new RedisIpBanStore(client, config, () => NOW),
      );
      const placed = await Promise.all(
        stores.flatMap((store, client) =>
          Array.from({ length: 100 }, (_, n) => store.recordFailure(IP, `user:${client}-${n}`)),
        ),
      );
      expect(placed.filter((ban) => ban !== undefined)).toEqual([
        { ip: IP, expiresAt: NOW + 3_600_000 },
      ]);
      await expect(stores[1]!.banOf(IP)).resolves.toBeDefined();
    } finally {
      await other.quit();
    }
  });

  it('fails every operation with SharedStateUnavailableError while Redis is down', async () => {
    const down = await connectRedis(await closedRedisUrl(), { warn: () => undefined });
    try {
      const store = new RedisIpBanStore(down, CONFIG);
      for (const operation of [
        store.banOf(IP),
        store.recordFailure(IP, 'user:a'),
        store.list({ offset: 0, limit: 10 }),
        store.lift(IP),
      ]) {
        await expect(operation).rejects.toBeInstanceOf(SharedStateUnavailableError);
      }
    } finally {
      await closeRedis(down);
    }
  });
});
