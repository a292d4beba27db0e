import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestRedis } from '../../../test/support/redis.js';
import { REDIS } from '../../../test/support/requirements.js';
import { MemoryWebAuthnChallengeStore } from './memory-webauthn-challenge.store.js';
import { RedisWebAuthnChallengeStore } from './redis-webauthn-challenge.store.js';
import type { WebAuthnChallengeStore } from './webauthn-challenge.store.js';

interface StoreUnderTest {
  readonly store: WebAuthnChallengeStore;
  /** Lets `seconds` pass: on the store's clock, or (Redis expires keys itself) for real. */
  pass(seconds: number): Promise<void>;
  close(): Promise<void>;
}

const stores: [string, () => Promise<StoreUnderTest>][] = [
  [
    MemoryWebAuthnChallengeStore.name,
    () => {
      let now = 1_750_000_000_000;
      return Promise.resolve({
        store: new MemoryWebAuthnChallengeStore(() => now, 3),
        pass: (seconds) => {
          now += seconds * 1000;
          return Promise.resolve();
        },
        close: () => Promise.resolve(),
      });
    },
  ],
  [
    RedisWebAuthnChallengeStore.name,
    async () => {
      const test = await openTestRedis();
      return {
        store: new RedisWebAuthnChallengeStore(test.redis, test.prefix),
        pass: (seconds) => sleep(seconds * 1000),
        close: () => test.close(),
      };
    },
  ],
];

// Without TEST_REDIS_URL the Redis store is left out (test/support/requirements.ts).
const runnable = stores.filter(
  ([name]) => name !== RedisWebAuthnChallengeStore.name || REDIS.present,
);

describe.each(runnable)('%s', (_name, open) => {
  let opened: StoreUnderTest;
  let store: WebAuthnChallengeStore;

  beforeEach(async () => {
    opened = await open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened.close();
  });

  it('gives a challenge once: a replayed answer finds none', async () => {
    await store.put('sign-in:a', 'challenge-1', 300);
    expect(await store.take('sign-in:a')).toBe('challenge-1');
    expect(await store.take('sign-in:a')).toBeUndefined();
  });

  it('keeps each binding to its own challenge', async () => {
    await store.put('registration:session-1', 'mine', 300);
    expect(await store.take('registration:session-2')).toBeUndefined();
    expect(await store.take('registration:session-1')).toBe('mine');
  });

  it('replaces the challenge of a binding that asks again', async () => {
    await store.put('step-up:session-1', 'first', 300);
    await store.put('step-up:session-1', 'second', 300);
    expect(await store.take('step-up:session-1')).toBe('second');
  });

  it('forgets an expired challenge', async () => {
    await store.put('second-factor:a', 'late', 1);
    await opened.pass(1.1);
    expect(await store.take('second-factor:a')).toBeUndefined();
  });
});

describe(MemoryWebAuthnChallengeStore.name, () => {
  it('evicts the oldest challenges past its bound, not the newest', async () => {
    const store = new MemoryWebAuthnChallengeStore(Date.now, 2);
    for (const binding of ['a', 'b', 'c']) {
      await store.put(binding, binding, 300);
    }
    expect(await store.take('a')).toBeUndefined();
    expect(await store.take('c')).toBe('c');
  });
});
