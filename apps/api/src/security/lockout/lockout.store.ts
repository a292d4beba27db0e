import type { LockoutConfig } from './lockout.config.js';

/** Failures before a lock, the first lock's length and the cap its doubling stops at. */
export type LockoutPolicy = LockoutConfig;

export interface LockoutFailure {
  /** Failures since the last lock or reset, this one included (`threshold` when it placed a lock). */
  readonly failures: number;
  /** The length of the lock this failure placed; undefined when it placed none. */
  readonly lockedForSeconds: number | undefined;
}

/**
 * A key's state is forgotten a day after its last counted failure (or a day after its lock
 * ends): long enough that a slow guesser keeps doubling its locks, short enough that state stays
 * bounded by one day's worth of attacked keys.
 */
export const LOCKOUT_STATE_TTL_MS = 24 * 3600 * 1000;

/**
 * The state of every key, behind one atomic operation per call so that concurrent failures are
 * counted exactly. Both implementations follow the same policy; one spec suite runs on both.
 */
export interface LockoutStore {
  /** Milliseconds until the key's lock ends; 0 when it is not locked. */
  lockRemainingMs(key: string): Promise<number>;
  /**
   * Counts a failure; at the threshold, locks for `baseSeconds × 2^level` (at most `maxSeconds`),
   * raises the level and restarts the count. A failure while locked changes nothing.
   */
  recordFailure(key: string): Promise<LockoutFailure>;
  delete(key: string): Promise<void>;
}

/** The length of the lock placed at `level` (0 for the first since the last reset). */
export function lockSeconds(policy: LockoutPolicy, level: number): number {
  return Math.min(policy.baseSeconds * 2 ** level, policy.maxSeconds);
}
