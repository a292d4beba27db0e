import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from './verified-token.cache.js';

describe(VerifiedTokenCache.name, () => {
  const claims = { userId: 'user-1', sessionId: 'session-1' };

  it('answers a remembered token until its expiry, not at it', () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache(() => now);
    cache.remember('token-a', claims, 2_000);
    now = 1_999;
    expect(cache.get('token-a')).toEqual(claims);
    now = 2_000;
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps nothing for a token already expired, nor for one never remembered', () => {
    const cache = new VerifiedTokenCache(() => 5_000);
    cache.remember('token-a', claims, 5_000);
    expect(cache.get('token-a')).toBeUndefined();
    expect(cache.get('token-b')).toBeUndefined();
  });

  it('holds at most its maximum, evicting the least recently used', () => {
    const cache = new VerifiedTokenCache(() => 0, 2);
    cache.remember('a', claims, 10);
    cache.remember('b', claims, 10);
    expect(cache.get('a')).toEqual(claims);
    cache.remember('c', claims, 10);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(claims);
    expect(cache.get('c')).toEqual(claims);
  });

  it('tells apart tokens that differ in one character', () => {
    const cache = new VerifiedTokenCache(() => 0);
    cache.remember('header.payload.signature', claims, 10);
    expect(cache.get('header.payload.signaturf')).toBeUndefined();
  });
});
