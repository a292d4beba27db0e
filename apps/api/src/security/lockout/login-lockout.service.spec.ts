import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestRedis, type TestRedis } from '../../../test/support/redis.js';
import type { LockoutPolicy, LockoutStore } from './lockout.store.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { MemoryLockoutStore } from './memory-lockout.store.js';
import { RedisLockoutStore } from './redis-lockout.store.js';
import { REDIS } from '../../../test/support/requirements.js';

// Small numbers so that the cap is reached on the fourth lock: 60, 120, 240, then 300 s.
const POLICY: LockoutPolicy = { threshold: 3, baseSeconds: 60, maxSeconds: 300 };
const KEY = 'digest-of-ada@example.org';

interface StoreUnderTest {
  readonly store: LockoutStore;
  close(): Promise<void>;
}

const stores: [string, (clock: () => number) => Promise<StoreUnderTest>][] = [
  [
    MemoryLockoutStore.name,
    (clock) =>
      Promise.resolve({ store: new MemoryLockoutStore(POLICY, clock), close: async () => {} }),
  ],
  [
    RedisLockoutStore.name,
    async (clock) => {
      const test: TestRedis = await openTestRedis();
      return {
        store: new RedisLockoutStore(test.redis, POLICY, clock, test.prefix),
        close: () => test.close(),
      };
    },
  ],
];

// Without TEST_REDIS_URL the Redis store is left out (test/support/requirements.ts).
const runnable = stores.filter(([name]) => name !== RedisLockoutStore.name || REDIS.present);

describe.each(runnable)(`${LoginLockoutService.name} on %s`, (_name, open) => {
  let now: number;
  let opened: StoreUnderTest;
  let lockout: LoginLockoutService;

  beforeEach(async () => {
    now = 1_750_000_000_000;
    opened = await open(() => now);
    lockout = new LoginLockoutService(opened.store);
  });
  afterEach(async () => {
    await opened.close();
  });

  /** Records failures until one places a lock, and returns that lock's length. */
  async function failUntilLocked(key = KEY): Promise<number | undefined> {
    for (let attempt = 1; attempt <= POLICY.threshold; attempt++) {
      const { lockedForSeconds } = await lockout.recordFailure(key);
      if (lockedForSeconds !== undefined) {
        return lockedForSeconds;
      }
    }
    return undefined;
  }

  it('is not locked before any failure', async () => {
    await expect(lockout.lockedFor(KEY)).resolves.toBeUndefined();
  });

  it('counts failures and locks for baseSeconds when they reach the threshold', async () => {
    await expect(lockout.recordFailure(KEY)).resolves.toEqual({
      failures: 1,
      lockedForSeconds: undefined,
    });
    await expect(lockout.recordFailure(KEY)).resolves.toEqual({
      failures: 2,
      lockedForSeconds: undefined,
    });
    await expect(lockout.lockedFor(KEY)).resolves.toBeUndefined();
    await expect(lockout.recordFailure(KEY)).resolves.toEqual({
      failures: 3,
      lockedForSeconds: 60,
    });
    await expect(lockout.lockedFor(KEY)).resolves.toBe(60);
  });

  it('reports the rest of the lock in whole seconds, rounded up, until it ends', async () => {
    await failUntilLocked();
    now += 500;
    await expect(lockout.lockedFor(KEY)).resolves.toBe(60);
    now += 58_600;
    await expect(lockout.lockedFor(KEY)).resolves.toBe(1);
    now += 899;
    await expect(lockout.lockedFor(KEY)).resolves.toBe(1);
    now += 1;
    await expect(lockout.lockedFor(KEY)).resolves.toBeUndefined();
  });

  it('doubles each lock up to maxSeconds, the count restarting after each', async () => {
    const locks: (number | undefined)[] = [];
    for (let lock = 0; lock < 5; lock++) {
      await expect(lockout.recordFailure(KEY)).resolves.toMatchObject({ failures: 1 });
      locks.push(await failUntilLocked());
      now += (locks.at(-1) ?? 0) * 1000;
    }
    expect(locks).toEqual([60, 120, 240, 300, 300]);
  });

  it('neither counts nor extends on a failure while locked', async () => {
    await failUntilLocked();
    now += 30_000;
    for (let attempt = 0; attempt < 2 * POLICY.threshold; attempt++) {
      await expect(lockout.recordFailure(KEY)).resolves.toEqual({
        failures: 0,
        lockedForSeconds: undefined,
      });
    }
    await expect(lockout.lockedFor(KEY)).resolves.toBe(30);
    now += 30_000;
    await expect(lockout.recordFailure(KEY)).resolves.toEqual({
      failures: 1,
      lockedForSeconds: undefined,
    });
  });

  it('starts over after reset: no lock, no count, back to baseSeconds', async () => {
    await failUntilLocked();
    now += 60_000;
    await lockout.recordFailure(KEY);
    await lockout.reset(KEY);
    await expect(lockout.lockedFor(KEY)).resolves.toBeUndefined();
    await expect(lockout.recordFailure(KEY)).resolves.toMatchObject({ failures: 1 });
    await expect(failUntilLocked()).resolves.toBe(60);
  });

  it('keeps keys apart', async () => {
    await failUntilLocked();
    await expect(lockout.lockedFor('digest-of-bob@example.org')).resolves.toBeUndefined();
    await expect(lockout.recordFailure('digest-of-bob@example.org')).resolves.toMatchObject({
      failures: 1,
    });
  });
});
