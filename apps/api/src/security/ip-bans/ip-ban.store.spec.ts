import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestRedis } from '../../../test/support/redis.js';
import type { IpBanStore } from './ip-ban.store.js';
import type { IpBanPolicy } from './ip-bans.config.js';
import { MemoryIpBanStore } from './memory-ip-ban.store.js';
import { RedisIpBanStore } from './redis-ip-ban.store.js';
import { REDIS } from '../../../test/support/requirements.js';

const POLICY: IpBanPolicy = { distinctAccounts: 3, windowSeconds: 600, durationSeconds: 3600 };
const IP = '203.0.113.7';

interface StoreUnderTest {
  readonly store: IpBanStore;
  close(): Promise<void>;
}

const stores: [string, (clock: () => number) => Promise<StoreUnderTest>][] = [
  [
    MemoryIpBanStore.name,
    (clock) =>
      Promise.resolve({ store: new MemoryIpBanStore(POLICY, clock), close: async () => {} }),
  ],
  [
    RedisIpBanStore.name,
    async (clock) => {
      const test = await openTestRedis();
      return {
        store: new RedisIpBanStore(test.redis, { ...POLICY, redisKeyPrefix: test.prefix }, clock),
        close: () => test.close(),
      };
    },
  ],
];

// Without TEST_REDIS_URL the Redis store is left out (test/support/requirements.ts).
const runnable = stores.filter(([name]) => name !== RedisIpBanStore.name || REDIS.present);

describe.each(runnable)('%s', (_name, open) => {
  let now: number;
  let opened: StoreUnderTest;
  let store: IpBanStore;

  beforeEach(async () => {
    now = 1_750_000_000_000;
    opened = await open(() => now);
    store = opened.store;
  });
  afterEach(async () => {
    await opened.close();
  });

  /** One failure against each account, in order; returns what each placed. */
  async function failAgainst(ip: string, ...accounts: string[]) {
    const placed = [];
    for (const account of accounts) {
      placed.push(await store.recordFailure(ip, account));
    }
    return placed;
  }

  it('bans at the failure against the last of distinctAccounts accounts, for durationSeconds', async () => {
    await expect(failAgainst(IP, 'user:a', 'email:b', 'user:c')).resolves.toEqual([
      undefined,
      undefined,
      { ip: IP, expiresAt: now + 3_600_000 },
    ]);
    await expect(store.banOf(IP)).resolves.toEqual({ ip: IP, expiresAt: now + 3_600_000 });
  });

  it('counts an account once however often it fails: that is the lockout’s business', async () => {
    await failAgainst(IP, 'user:a', 'user:a', 'user:b', 'user:b', 'user:a', 'user:b');
    await expect(store.banOf(IP)).resolves.toBeUndefined();
  });

  it('counts only the accounts that failed within the last windowSeconds', async () => {
    await failAgainst(IP, 'user:a');
    now += 300_000;
    await failAgainst(IP, 'user:b');
    now += 300_000;
    // user:a failed exactly windowSeconds ago: out of the window.
    await expect(failAgainst(IP, 'user:c')).resolves.toEqual([undefined]);
    await expect(failAgainst(IP, 'user:a')).resolves.toEqual([
      { ip: IP, expiresAt: now + 3_600_000 },
    ]);
  });

  it('keeps addresses apart', async () => {
    await failAgainst(IP, 'user:a', 'user:b');
    await failAgainst('2001:db8::7', 'user:c');
    await expect(store.banOf(IP)).resolves.toBeUndefined();
    await expect(store.banOf('2001:db8::7')).resolves.toBeUndefined();
  });

  it('ends the ban after durationSeconds, and counts from zero again', async () => {
    await failAgainst(IP, 'user:a', 'user:b', 'user:c');
    now += 3_600_000 - 1;
    await expect(store.banOf(IP)).resolves.toBeDefined();
    now += 1;
    await expect(store.banOf(IP)).resolves.toBeUndefined();
    await expect(failAgainst(IP, 'user:d', 'user:e')).resolves.toEqual([undefined, undefined]);
  });

  it('neither counts nor extends a failure while banned', async () => {
    await failAgainst(IP, 'user:a', 'user:b', 'user:c');
    now += 1_000;
    await expect(failAgainst(IP, 'user:d', 'user:e', 'user:f')).resolves.toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    await expect(store.banOf(IP)).resolves.toEqual({ ip: IP, expiresAt: now - 1_000 + 3_600_000 });
  });

  it('lists active bans soonest to expire first, by page, without ended ones', async () => {
    const ips = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
    for (const ip of ips) {
      await failAgainst(ip, 'user:a', 'user:b', 'user:c');
      now += 1_000;
    }
    await expect(store.list({ offset: 1, limit: 5 })).resolves.toEqual({
      items: [
        { ip: ips[1], expiresAt: now - 2_000 + 3_600_000 },
        { ip: ips[2], expiresAt: now - 1_000 + 3_600_000 },
      ],
      total: 3,
      offset: 1,
      limit: 5,
    });
    now += 3_600_000 - 2_000;
    await expect(store.list({ offset: 0, limit: 5 })).resolves.toEqual({
      items: [{ ip: ips[2], expiresAt: now + 1_000 }],
      total: 1,
      offset: 0,
      limit: 5,
    });
  });

  it('lifts a ban, after which the address counts from zero; an ended or absent one is not lifted', async () => {
    await failAgainst(IP, 'user:a', 'user:b', 'user:c');
    await expect(store.lift(IP)).resolves.toBe(true);
    await expect(store.banOf(IP)).resolves.toBeUndefined();
    await expect(store.lift(IP)).resolves.toBe(false);
    await expect(failAgainst(IP, 'user:d', 'user:e')).resolves.toEqual([undefined, undefined]);

    await failAgainst('198.51.100.9', 'user:a', 'user:b', 'user:c');
    now += 3_600_000;
    await expect(store.lift('198.51.100.9')).resolves.toBe(false);
  });
});
