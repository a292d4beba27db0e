import { describe, expect, it } from 'vitest';
import { generateRecoveryCode, normaliseRecoveryCode } from './recovery-code.js';

describe(generateRecoveryCode.name, () => {
  it('shows 60 random bits as three groups of four base32 characters', () => {
    const codes = Array.from({ length: 50 }, generateRecoveryCode);
    for (const { shown, normalised } of codes) {
      expect(shown).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
      expect(normaliseRecoveryCode(shown)).toBe(normalised);
    }
    expect(new Set(codes.map((code) => code.normalised)).size).toBe(codes.length);
  });
});

describe(normaliseRecoveryCode.name, () => {
  it('accepts a code in any case, with or without its dashes', () => {
    for (const typed of ['k7qm-2xfa-p3wd', 'K7QM-2XFA-P3WD', 'k7qm2xfap3wd', ' K7qm 2xfa-P3wd ']) {
      expect(normaliseRecoveryCode(typed)).toBe('k7qm2xfap3wd');
    }
  });

  it('refuses anything that cannot be a code', () => {
    for (const bad of [
      '',
      'k7qm-2xfa-p3w',
      'k7qm-2xfa-p3wdx',
      'k7qm-2xfa-p3w0',
      'k7qm_2xfa_p3wd',
    ]) {
      expect(normaliseRecoveryCode(bad)).toBeUndefined();
    }
  });
});
