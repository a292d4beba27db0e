import type { Clock } from '../../platform/clock/clock.js';
import { setNewest } from '../../platform/in-process/bounded-map.js';
import {
  LOCKOUT_STATE_TTL_MS,
  lockSeconds,
  type LockoutFailure,
  type LockoutPolicy,
  type LockoutStore,
} from './lockout.store.js';

/**
 * About 20 MB at most. A flood of random e-mails evicts the oldest keys rather than exhaust
 * memory; evicting a lock that way takes 100 000 attempts, each paying for a password hash.
 */
export const MEMORY_LOCKOUT_MAX_KEYS = 100_000;

interface LockoutState {
  readonly failures: number;
  readonly level: number;
  /** 0 before the first lock. */
  readonly lockedUntil: number;
  readonly expiresAt: number;
}

const FRESH: LockoutState = { failures: 0, level: 0, lockedUntil: 0, expiresAt: 0 };

/** Lockout state of this process only: for a single instance, when REDIS_URL is unset. */
export class MemoryLockoutStore implements LockoutStore {
  private readonly states = new Map<string, LockoutState>();

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly clock: Clock = Date.now,
    private readonly maxKeys = MEMORY_LOCKOUT_MAX_KEYS,
  ) {}

  lockRemainingMs(key: string): Promise<number> {
    const now = this.clock();
    const state = this.current(key, now);
    return Promise.resolve(Math.max(0, state.lockedUntil - now));
  }

  recordFailure(key: string): Promise<LockoutFailure> {
    const now = this.clock();
    const state = this.current(key, now);
    if (state.lockedUntil > now) {
      return Promise.resolve({ failures: state.failures, lockedForSeconds: undefined });
    }
    const failures = state.failures + 1;
    if (failures < this.policy.threshold) {
      this.save(key, { ...state, failures, expiresAt: now + LOCKOUT_STATE_TTL_MS });
      return Promise.resolve({ failures, lockedForSeconds: undefined });
    }
    const lockedForSeconds = lockSeconds(this.policy, state.level);
    const lockedUntil = now + lockedForSeconds * 1000;
    this.save(key, {
      failures: 0,
      level: state.level + 1,
      lockedUntil,
      expiresAt: lockedUntil + LOCKOUT_STATE_TTL_MS,
    });
    return Promise.resolve({ failures, lockedForSeconds });
  }

  delete(key: string): Promise<void> {
    this.states.delete(key);
    return Promise.resolve();
  }

  private current(key: string, now: number): LockoutState {
    const state = this.states.get(key);
    if (state === undefined || state.expiresAt <= now) {
      this.states.delete(key);
      return FRESH;
    }
    return state;
  }

  private save(key: string, state: LockoutState): void {
    setNewest(this.states, key, state, this.maxKeys);
  }
}
