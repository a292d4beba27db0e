import { describe, expect, it } from 'vitest';
import { LOCKOUT_STATE_TTL_MS, type LockoutPolicy } from './lockout.store.js';
import { MemoryLockoutStore } from './memory-lockout.store.js';

const POLICY: LockoutPolicy = { threshold: 3, baseSeconds: 60, maxSeconds: 3600 };

describe(MemoryLockoutStore.name, () => {
  it('forgets a count a day after its last failure', async () => {
    let now = 0;
    const store = new MemoryLockoutStore(POLICY, () => now);
    await store.recordFailure('k');
    now += LOCKOUT_STATE_TTL_MS - 1;
    await expect(store.recordFailure('k')).resolves.toMatchObject({ failures: 2 });
    now += LOCKOUT_STATE_TTL_MS;
    await expect(store.recordFailure('k')).resolves.toMatchObject({ failures: 1 });
  });

  it('keeps the backoff level for a day after a lock ends, then forgets it', async () => {
    let now = 0;
    const store = new MemoryLockoutStore(POLICY, () => now);
    const lockAfter = async (key: string) => {
      const results = [];
      for (let attempt = 0; attempt < POLICY.threshold; attempt++) {
        results.push(await store.recordFailure(key));
      }
      return results.at(-1)?.lockedForSeconds;
    };

    await expect(lockAfter('kept')).resolves.toBe(60);
    await expect(lockAfter('forgotten')).resolves.toBe(60);
    now += 60_000 + LOCKOUT_STATE_TTL_MS - 1;
    await expect(lockAfter('kept')).resolves.toBe(120);
    now += 1;
    await expect(lockAfter('forgotten')).resolves.toBe(60);
  });

  it('holds at most maxKeys, evicting the key written longest ago', async () => {
    const store = new MemoryLockoutStore({ ...POLICY, threshold: 10 }, () => 0, 2);
    await store.recordFailure('a');
    await store.recordFailure('b');
    await store.recordFailure('a');
    await store.recordFailure('c');
    await expect(store.recordFailure('a')).resolves.toMatchObject({ failures: 3 });
    await expect(store.recordFailure('b')).resolves.toMatchObject({ failures: 1 });
  });
});
