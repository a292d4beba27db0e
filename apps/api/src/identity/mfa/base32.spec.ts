import { describe, expect, it } from 'vitest';
import { encodeBase32 } from './base32.js';

// RFC 4648 §10 test vectors, without their padding.
const RFC_4648_VECTORS: readonly (readonly [string, string])[] = [
  ['', ''],
  ['f', 'MY'],
  ['fo', 'MZXQ'],
  ['foo', 'MZXW6'],
  ['foob', 'MZXW6YQ'],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI'],
];

describe(encodeBase32.name, () => {
  it.each(RFC_4648_VECTORS)('encodes %j as %j', (plain, encoded) => {
    expect(encodeBase32(Buffer.from(plain, 'ascii'))).toBe(encoded);
  });

  it('writes a 160-bit TOTP secret as 32 characters of the alphabet', () => {
    expect(encodeBase32(new Uint8Array(20).fill(0xff))).toBe('7'.repeat(32));
    expect(encodeBase32(new Uint8Array(20))).toBe('A'.repeat(32));
  });
});
