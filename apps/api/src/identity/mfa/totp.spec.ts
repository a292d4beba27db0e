import { describe, expect, it } from 'vitest';
import { encodeBase32 } from './base32.js';
import {
  generateTotpSecret,
  matchTotp,
  totpCode,
  totpStep,
  totpUri,
  TOTP_PERIOD_SECONDS,
} from './totp.js';

// RFC 6238 Appendix B: the SHA-1 rows, with their 8-digit codes.
const RFC_6238_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_6238_SHA1_VECTORS: readonly (readonly [number, string])[] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const NOW = 1_764_500_000_000;

describe(totpCode.name, () => {
  it.each(RFC_6238_SHA1_VECTORS)('gives the RFC 6238 SHA-1 code at T = %i s', (seconds, code) => {
    expect(totpCode(RFC_6238_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it('gives 6 digits by default, zero-padded: the last 6 digits of the 8-digit code', () => {
    expect(totpCode(RFC_6238_SECRET, 1111111109 * 1000)).toBe('081804');
  });
});

describe(matchTotp.name, () => {
  // Fixed inputs, so the codes of neighbouring steps are known to differ.
  const secret = RFC_6238_SECRET;
  const codeAt = (offsetSteps: number): string => totpCode(secret, NOW + offsetSteps * STEP_MS);

  it('returns the time step of a current code', () => {
    expect(matchTotp(secret, codeAt(0), NOW)).toBe(totpStep(NOW));
  });

  it('accepts one step of drift either way, and returns the step the code belongs to', () => {
    expect(matchTotp(secret, codeAt(-1), NOW)).toBe(totpStep(NOW) - 1);
    expect(matchTotp(secret, codeAt(1), NOW)).toBe(totpStep(NOW) + 1);
  });

  it('refuses a code two steps away in either direction', () => {
    expect(matchTotp(secret, codeAt(-2), NOW)).toBeUndefined();
    expect(matchTotp(secret, codeAt(2), NOW)).toBeUndefined();
  });

  it('refuses malformed codes', () => {
    const code = codeAt(0);
    for (const bad of [
      '',
      code.slice(1),
      `${code}0`,
      ` ${code.slice(1)}`,
      '12345a',
      '１２３４５６',
    ]) {
      expect(matchTotp(secret, bad, NOW)).toBeUndefined();
    }
  });

  it('refuses the current code of another secret', () => {
    const other = Buffer.from('09876543210987654321', 'ascii');
    expect(matchTotp(secret, totpCode(other, NOW), NOW)).toBeUndefined();
  });
});

describe(generateTotpSecret.name, () => {
  it('draws 160 bits, a new value each time', () => {
    const secret = generateTotpSecret();
    expect(secret).toHaveLength(20);
    expect(generateTotpSecret().equals(secret)).toBe(false);
  });
});

describe(totpUri.name, () => {
  it('names the issuer and account, URI-encoded, with the algorithm, digits and period', () => {
    const secretBase32 = encodeBase32(RFC_6238_SECRET);
    expect(totpUri({ issuer: 'Bulwark Dev', label: 'ada+mfa@example.com', secretBase32 })).toBe(
      `otpauth://totp/Bulwark%20Dev:ada%2Bmfa%40example.com?secret=${secretBase32}` +
        '&issuer=Bulwark%20Dev&algorithm=SHA1&digits=6&period=30',
    );
  });
});
