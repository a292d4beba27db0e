import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a store answers for a hit (the package's index does not export the type's name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The record of a hit, from the key's count so far and the milliseconds its window has left.
 * Both stores count the same way: a fixed window opens at a key's first hit; hits past `limit`
 * are refused until it closes, or until `blockDuration` after the first refused hit if later.
 */
export function throttlerRecord(
  hits: number,
  remainingMs: number,
  limit: number,
): ThrottlerStorageRecord {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  const isBlocked = hits > limit;
  return {
    totalHits: hits,
    timeToExpire: seconds,
    isBlocked,
    timeToBlockExpire: isBlocked ? seconds : 0,
  };
}
