import type { Clock } from '../../platform/clock/clock.js';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { setNewest } from '../../platform/in-process/bounded-map.js';
import { throttlerRecord, type ThrottlerStorageRecord } from './throttler-storage.js';

/**
 * About 15 MB at most. A flood of random e-mail addresses evicts the oldest windows rather than
 * exhaust memory; evicting one that way takes this many other keys within its window.
 */
export const MEMORY_THROTTLER_MAX_KEYS = 100_000;

interface Window {
  readonly hits: number;
  readonly expiresAt: number;
}

/** Counters of this process only: for a single instance, when REDIS_URL is unset. */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock = Date.now,
    private readonly maxKeys = MEMORY_THROTTLER_MAX_KEYS,
  ) {}

  increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock();
    const current = this.windows.get(key);
    const open = current !== undefined && current.expiresAt > now;
    const hits = open ? current.hits + 1 : 1;
    let expiresAt = open ? current.expiresAt : now + ttlMs;
    if (hits === limit + 1) {
      expiresAt = Math.max(expiresAt, now + blockDurationMs);
    }
    setNewest(this.windows, key, { hits, expiresAt }, this.maxKeys);
    return Promise.resolve(throttlerRecord(hits, expiresAt - now, limit));
  }
}
