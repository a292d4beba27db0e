import type { LockoutFailure, LockoutStore } from './lockout.store.js';

/**
 * Per-account login lockout with exponential backoff (ASVS 6.3). The key is whatever the caller
 * derives from the e-mail, for unknown addresses too, so that a lock reveals no account.
 *
 * With the defaults (5 failures, 60 s, 3 600 s cap), every 5th consecutive failure locks for
 * 1, 2, 4, 8, 16, 32 minutes, then 1 hour each time; attempts while locked are refused by the
 * caller and not counted. The level is kept across locks until a successful login resets it, or
 * until a day passes without a counted failure (LOCKOUT_STATE_TTL_MS).
 */
export class LoginLockoutService {
  constructor(private readonly store: LockoutStore) {}

  /** Whole seconds until the lock ends, rounded up (at least 1); undefined when not locked. */
  async lockedFor(key: string): Promise<number | undefined> {
    const remainingMs = await this.store.lockRemainingMs(key);
    return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : undefined;
  }

  recordFailure(key: string): Promise<LockoutFailure> {
    return this.store.recordFailure(key);
  }

  /** After a successful login: the count and the backoff level start again. */
  reset(key: string): Promise<void> {
    return this.store.delete(key);
  }
}
