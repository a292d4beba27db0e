import { describe, expect, it } from 'vitest';
import { generateOpaqueToken, opaqueTokenHash } from './opaque-token.js';

describe('opaque tokens', () => {
  it('carries 256 random bits behind its kind prefix, and is stored only as its SHA-256', () => {
    const token = generateOpaqueToken('refresh');
    expect(token.value).toMatch(/^brt_[A-Za-z0-9_-]{43}$/);
    expect(token.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.hash).not.toContain(token.value.slice(4));
    expect(opaqueTokenHash('refresh', token.value)).toBe(token.hash);
    expect(generateOpaqueToken('refresh').value).not.toBe(token.value);
  });

  it('refuses a token of another kind, so no kind can stand in for another', () => {
    const reset = generateOpaqueToken('passwordReset');
    expect(reset.value.startsWith('bpr_')).toBe(true);
    expect(opaqueTokenHash('refresh', reset.value)).toBeUndefined();
    expect(opaqueTokenHash('emailVerification', reset.value)).toBeUndefined();
  });

  it('refuses malformed values without hashing them', () => {
    const { value } = generateOpaqueToken('refresh');
    for (const bad of ['', 'brt_', `${value}x`, value.slice(0, -1), `brt_${'+'.repeat(43)}`]) {
      expect(opaqueTokenHash('refresh', bad)).toBeUndefined();
    }
  });
});
