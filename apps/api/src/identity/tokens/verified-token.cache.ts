import { hash } from 'node:crypto';
import { setNewest } from '../../platform/in-process/bounded-map.js';
import type { AccessTokenClaims } from './access-token.service.js';

/** A flood of distinct valid tokens evicts the least recently used (a verification each). */
export const VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 10_000;

/**
 * Access tokens whose signature and claims were verified, so that the next request with the same
 * token skips ES256 verification until the token expires. Keyed by a SHA-256 of the whole token:
 * any change to it (header, claims or signature) is a miss, verified in full. Only verified tokens
 * are ever stored, so a forged token cannot put anything here. The session behind a token is not
 * cached here: it is checked on every request. Memory is bounded by the entry count, each entry a
 * digest and two ids.
 */
export class VerifiedTokenCache {
  // Map order is recency: get() and remember() move an entry to the end, the first is evicted.
  private readonly entries = new Map<string, { claims: AccessTokenClaims; expiresAt: number }>();

  constructor(
    private readonly clock: () => number = () => Date.now(),
    private readonly maxEntries = VERIFIED_TOKEN_CACHE_MAX_ENTRIES,
  ) {}

  get(token: string): AccessTokenClaims | undefined {
    const key = digest(token);
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    setNewest(this.entries, key, entry, this.maxEntries);
    return entry.claims;
  }

  /** Call only after `token` passed verification; `expiresAt` (epoch ms) is its `exp` or sooner. */
  remember(token: string, claims: AccessTokenClaims, expiresAt: number): void {
    if (expiresAt > this.clock()) {
      setNewest(this.entries, digest(token), { claims, expiresAt }, this.maxEntries);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

// crypto.hash, one call without a Hash object: half the cost of createHash for a token's size.
function digest(token: string): string {
  return hash('sha256', token, 'base64');
}
