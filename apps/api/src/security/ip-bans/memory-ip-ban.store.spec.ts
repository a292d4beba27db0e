import { describe, expect, it } from 'vitest';
import type { IpBanPolicy } from './ip-bans.config.js';
import { MemoryIpBanStore } from './memory-ip-ban.store.js';

const POLICY: IpBanPolicy = { distinctAccounts: 2, windowSeconds: 600, durationSeconds: 3600 };

describe(MemoryIpBanStore.name, () => {
  it('tracks at most maxTracked addresses, evicting the one written longest ago', async () => {
    const store = new MemoryIpBanStore(POLICY, () => 0, 2);
    await store.recordFailure('192.0.2.1', 'user:a');
    await store.recordFailure('192.0.2.2', 'user:a');
    await store.recordFailure('192.0.2.1', 'user:a');
    await store.recordFailure('192.0.2.3', 'user:a');
    await expect(store.recordFailure('192.0.2.1', 'user:b')).resolves.toBeDefined();
    // 192.0.2.2 was evicted: its next failure is its first.
    await expect(store.recordFailure('192.0.2.2', 'user:b')).resolves.toBeUndefined();
  });

  it('keeps at most maxBans bans, dropping the one closest to its end', async () => {
    let now = 0;
    const store = new MemoryIpBanStore(POLICY, () => now, 10, 2);
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      await store.recordFailure(ip, 'user:a');
      await store.recordFailure(ip, 'user:b');
      now += 1;
    }
    await expect(store.list({ offset: 0, limit: 10 })).resolves.toMatchObject({
      items: [{ ip: '192.0.2.2' }, { ip: '192.0.2.3' }],
      total: 2,
    });
  });
});
