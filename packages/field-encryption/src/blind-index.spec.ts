import { createHmac, hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_1, lp, testKeyRing } from '../test/fixtures.js';
import { BlindIndex, normalizeEmail, type BlindIndexColumn } from './blind-index.js';
import { InvalidInputError } from './field-encryption.errors.js';

const EMAIL: BlindIndexColumn = { table: 'users', column: 'email', normalize: normalizeEmail };

describe(BlindIndex.name, () => {
  const index = new BlindIndex(testKeyRing());

  it('is a truncated HMAC-SHA256 under an HKDF column key (known answer)', () => {
    const info = lp('bulwark/field-encryption/bi1/column-key', 'users', 'email');
    const columnKey = Buffer.from(hkdfSync('sha256', KEY_1, Buffer.alloc(0), info, 32));
    const mac = createHmac('sha256', columnKey).update('alice@example.com').digest();
    const expected = `bi1:k1:${mac.subarray(0, 16).toString('base64url')}`;
    expect(expected).toBe('bi1:k1:ea8CXVMqIN6BdeV2_3EdSQ');
    expect(index.compute('alice@example.com', EMAIL)).toBe(expected);
  });

  it.each([
    [' Alice@Example.COM ', 'alice@example.com'],
    ['ＡＬＩＣＥ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'alice@example.com'],
    ['\u3000bob@example.com\t', 'bob@example.com'],
    ['ﬁona@example.com', 'fiona@example.com'],
  ])('indexes %j like %j', (input, canonical) => {
    expect(normalizeEmail(input)).toBe(canonical);
    expect(index.compute(input, EMAIL)).toBe(index.compute(canonical, EMAIL));
  });

  it('normalises e-mail addresses idempotently', () => {
    // The constant is a case where lower-casing alone leaves a string that is not NFKC.
    const strings = fc.oneof(fc.string({ unit: 'binary' }), fc.constant('\u03AA\u0301'));
    fc.assert(
      fc.property(strings, (text) => {
        expect(normalizeEmail(normalizeEmail(text))).toBe(normalizeEmail(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps different values, columns and tables apart', () => {
    const alice = index.compute('alice@example.com', EMAIL);
    expect(index.compute('alicia@example.com', EMAIL)).not.toBe(alice);
    expect(index.compute('alice@example.com', { ...EMAIL, column: 'backup_email' })).not.toBe(
      alice,
    );
    expect(index.compute('alice@example.com', { ...EMAIL, table: 'admins' })).not.toBe(alice);
  });

  it('matches exactly when the column has no normaliser', () => {
    const phone: BlindIndexColumn = { table: 'users', column: 'phone' };
    expect(index.compute('+33 1', phone)).not.toBe(index.compute('+331', phone));
  });

  it('returns the index under every key, active first, so lookups work during rotation', () => {
    const before = new BlindIndex(testKeyRing('k1'));
    const after = new BlindIndex(testKeyRing('k2'));
    const stored = before.compute('alice@example.com', EMAIL);
    const candidates = after.computeAll(' ALICE@example.com', EMAIL);
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toBe(after.compute('alice@example.com', EMAIL));
    expect(candidates[0]).toMatch(/^bi1:k2:[A-Za-z0-9_-]{22}$/);
    expect(candidates[1]).toBe(stored);
  });

  it('rejects a context or value it cannot index faithfully', () => {
    expect(() => index.compute('a', { table: '', column: 'email' })).toThrow(InvalidInputError);
    expect(() => index.compute('a\uD800', EMAIL)).toThrow(InvalidInputError);
  });
});
