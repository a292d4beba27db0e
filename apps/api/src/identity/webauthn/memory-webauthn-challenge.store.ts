import type { Clock } from '../../platform/clock/clock.js';
import { setNewest } from '../../platform/in-process/bounded-map.js';
import type { WebAuthnChallengeStore } from './webauthn-challenge.store.js';

/** A flood of option requests evicts the oldest challenges rather than exhaust memory. */
export const MEMORY_CHALLENGE_MAX_ENTRIES = 100_000;

/** Challenges of this process only: for a single instance, when REDIS_URL is unset. */
export class MemoryWebAuthnChallengeStore implements WebAuthnChallengeStore {
  private readonly challenges = new Map<string, { challenge: string; expiresAt: number }>();

  constructor(
    private readonly clock: Clock = Date.now,
    private readonly maxEntries = MEMORY_CHALLENGE_MAX_ENTRIES,
  ) {}

  put(binding: string, challenge: string, ttlSeconds: number): Promise<void> {
    const expiresAt = this.clock() + ttlSeconds * 1000;
    setNewest(this.challenges, binding, { challenge, expiresAt }, this.maxEntries);
    return Promise.resolve();
  }

  take(binding: string): Promise<string | undefined> {
    const entry = this.challenges.get(binding);
    this.challenges.delete(binding);
    return Promise.resolve(
      entry !== undefined && entry.expiresAt > this.clock() ? entry.challenge : undefined,
    );
  }
}
