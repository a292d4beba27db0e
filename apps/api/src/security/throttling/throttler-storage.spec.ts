import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeRedis, connectRedis } from '../../platform/redis/redis.client.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { closedRedisUrl, openTestRedis, type TestRedis } from '../../../test/support/redis.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { describeWith, REDIS } from '../../../test/support/requirements.js';

const MINUTE = 60_000;

async function hit(storage: MemoryThrottlerStorage | RedisThrottlerStorage, times: number) {
  const records = [];
  for (let index = 0; index < times; index++) {
    records.push(await storage.increment('k', MINUTE, 3, MINUTE));
  }
  return records;
}

describe(MemoryThrottlerStorage.name, () => {
  it('admits `limit` hits per window, refuses the rest until the window closes', async () => {
    let now = 0;
    const storage = new MemoryThrottlerStorage(() => now);
    const records = await hit(storage, 5);
    expect(records.map((record) => [record.totalHits, record.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, true],
    ]);
    expect(records[3]).toMatchObject({ timeToExpire: 60, timeToBlockExpire: 60 });

    now += MINUTE - 1_500;
    await expect(storage.increment('k', MINUTE, 3, MINUTE)).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 2,
    });
    now += 1_500;
    await expect(storage.increment('k', MINUTE, 3, MINUTE)).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
      timeToExpire: 60,
    });
  });

  it('keeps a key blocked for blockDuration from its first refused hit when that is longer', async () => {
    let now = 0;
    const storage = new MemoryThrottlerStorage(() => now);
    await storage.increment('k', MINUTE, 1, 10 * MINUTE);
    now += 30_000;
    await expect(storage.increment('k', MINUTE, 1, 10 * MINUTE)).resolves.toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 600,
    });
    now += 5 * MINUTE;
    await expect(storage.increment('k', MINUTE, 1, 10 * MINUTE)).resolves.toMatchObject({
      totalHits: 3,
      timeToBlockExpire: 300,
    });
  });

  it('holds at most maxKeys, evicting the key written longest ago', async () => {
    const storage = new MemoryThrottlerStorage(() => 0, 2);
    await storage.increment('a', MINUTE, 9, MINUTE);
    await storage.increment('b', MINUTE, 9, MINUTE);
    await storage.increment('a', MINUTE, 9, MINUTE);
    await storage.increment('c', MINUTE, 9, MINUTE);
    await expect(storage.increment('a', MINUTE, 9, MINUTE)).resolves.toMatchObject({
      totalHits: 3,
    });
    await expect(storage.increment('b', MINUTE, 9, MINUTE)).resolves.toMatchObject({
      totalHits: 1,
    });
  });
});

describeWith(REDIS)(RedisThrottlerStorage.name, () => {
  let test: TestRedis;

  beforeEach(async () => {
    test = await openTestRedis();
  });
  afterEach(async () => {
    await test.close();
  });

  it('counts like the in-process store, in one key that expires with its window', async () => {
    const storage = new RedisThrottlerStorage(test.redis, test.prefix);
    const records = await hit(storage, 4);
    expect(records.map((record) => [record.totalHits, record.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(records[3]).toMatchObject({ timeToExpire: 60, timeToBlockExpire: 60 });
    const ttl = await test.redis.pttl(`${test.prefix}k`);
    expect(ttl).toBeGreaterThan(MINUTE - 5_000);
    expect(ttl).toBeLessThanOrEqual(MINUTE);
  });

  it('opens a new window once the last one has expired', async () => {
    const storage = new RedisThrottlerStorage(test.redis, test.prefix);
    await storage.increment('k', 100, 1, 100);
    await expect(storage.increment('k', 100, 1, 100)).resolves.toMatchObject({ isBlocked: true });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(storage.increment('k', 100, 1, 100)).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('extends the block to blockDuration at the first refused hit, and gives an orphan key an expiry', async () => {
    const storage = new RedisThrottlerStorage(test.redis, test.prefix);
    await storage.increment('k', MINUTE, 1, 10 * MINUTE);
    await storage.increment('k', MINUTE, 1, 10 * MINUTE);
    expect(await test.redis.pttl(`${test.prefix}k`)).toBeGreaterThan(9 * MINUTE);

    await test.redis.set(`${test.prefix}orphan`, '7');
    await storage.increment('orphan', MINUTE, 100, MINUTE);
    expect(await test.redis.pttl(`${test.prefix}orphan`)).toBeGreaterThan(MINUTE - 5_000);
  });

  it('shares one budget exactly between clients: of parallel hits, exactly `limit` pass', async () => {
    const other = test.redis.duplicate();
    await other.connect();
    try {
      const storages = [test.redis, other].map(
        (client) => new RedisThrottlerStorage(client, test.prefix),
      );
      const records = await Promise.all(
        storages.flatMap((storage) =>
          Array.from({ length: 100 }, () => storage.increment('k', MINUTE, 150, MINUTE)),
        ),
      );
      expect(records.filter((record) => !record.isBlocked)).toHaveLength(150);
      const counts = records.map((record) => record.totalHits).sort((a, b) => a - b);
      expect(counts).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
      // Exactly one hit is the first refused one, which the guard samples for the audit trail.
      expect(records.filter((record) => record.totalHits === 151)).toHaveLength(1);
    } finally {
      await other.quit();
    }
  });

  it('fails with SharedStateUnavailableError while Redis is down', async () => {
    const down = await connectRedis(await closedRedisUrl(), { warn: () => undefined });
    try {
      const storage = new RedisThrottlerStorage(down, 'unused:');
      await expect(storage.increment('k', MINUTE, 3, MINUTE)).rejects.toBeInstanceOf(
        SharedStateUnavailableError,
      );
    } finally {
      await closeRedis(down);
    }
  });
});
