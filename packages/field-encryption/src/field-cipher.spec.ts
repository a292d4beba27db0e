import type { KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTEXT, testKeyRing } from '../test/fixtures.js';
import { isEncryptedValue, keyIdOf } from './encrypted-value.js';
import { FieldCipher } from './field-cipher.js';
import {
  DecompressedTooLargeError,
  InvalidInputError,
  InvalidKeyMaterialError,
  ValueTypeMismatchError,
} from './field-encryption.errors.js';
import { KeyRing } from './key-ring.js';

describe(FieldCipher.name, () => {
  const cipher = new FieldCipher(testKeyRing());

  it('round-trips strings, JSON and binary values', () => {
    const text = 'Zoë 👩‍💻 \u{FEFF}';
    const json = { name: 'Zoë', tags: ['a', 1, true, null], nested: { n: -1.5 } };
    const binary = Uint8Array.of(0, 1, 254, 255);
    expect(cipher.decryptString(cipher.encryptString(text, CONTEXT), CONTEXT)).toBe(text);
    expect(cipher.decryptJson(cipher.encryptJson(json, CONTEXT), CONTEXT)).toEqual(json);
    expect(cipher.decryptBinary(cipher.encryptBinary(binary, CONTEXT), CONTEXT)).toEqual(
      Buffer.from(binary),
    );
    expect(cipher.decryptString(cipher.encryptString('', CONTEXT), CONTEXT)).toBe('');
  });

  it('writes a fresh salt every time, so equal plaintexts give different values', () => {
    expect(cipher.encryptString('same', CONTEXT)).not.toBe(cipher.encryptString('same', CONTEXT));
  });

  it('records the value type and key id in the clear', () => {
    const value = cipher.encryptJson([1], CONTEXT);
    expect(value).toMatch(/^ef1:k1:j:[A-Za-z0-9_-]+$/);
    expect(isEncryptedValue(value)).toBe(true);
    expect(keyIdOf(value)).toBe('k1');
  });

  it('refuses to read a value with the wrong codec', () => {
    const value = cipher.encryptBinary(Uint8Array.of(1), CONTEXT);
    expect(() => cipher.decryptString(value, CONTEXT)).toThrow(ValueTypeMismatchError);
  });

  it('compresses on request, and only when it saves space', () => {
    const long = 'lorem ipsum '.repeat(200);
    const compressed = cipher.encryptString(long, CONTEXT, { compress: true });
    expect(compressed).toMatch(/^ef1:k1:sz:/);
    expect(compressed.length).toBeLessThan(cipher.encryptString(long, CONTEXT).length);
    expect(cipher.decryptString(compressed, CONTEXT)).toBe(long);
    expect(cipher.encryptString('x', CONTEXT, { compress: true })).toMatch(/^ef1:k1:s:/);
  });

  it('fails closed on a decompression bomb', () => {
    const writer = new FieldCipher(testKeyRing(), { maxDecompressedBytes: 8 * 1024 * 1024 });
    const bomb = writer.encryptString('a'.repeat(4 * 1024 * 1024), CONTEXT, { compress: true });
    expect(bomb.length).toBeLessThan(1024);
    expect(() => cipher.decryptString(bomb, CONTEXT)).toThrow(DecompressedTooLargeError);
  });

  it('refuses to compress a value it could not read back', () => {
    const small = new FieldCipher(testKeyRing(), { maxDecompressedBytes: 100 });
    expect(() => small.encryptString('a'.repeat(101), CONTEXT, { compress: true })).toThrow(
      DecompressedTooLargeError,
    );
  });

  it('re-encrypts an old value under the active key, keeping type and compression', () => {
    const old = cipher.encryptString('lorem ipsum '.repeat(50), CONTEXT, { compress: true });
    const rotated = new FieldCipher(testKeyRing('k2'));
    const value = rotated.reencrypt(old, CONTEXT);
    expect(value).toMatch(/^ef1:k2:sz:/);
    expect(rotated.decryptString(value, CONTEXT)).toBe(cipher.decryptString(old, CONTEXT));
  });

  it.each([
    ['an empty row id', { ...CONTEXT, rowId: '' }],
    ['an empty table', { ...CONTEXT, table: '' }],
    ['an empty column', { ...CONTEXT, column: '' }],
    ['a lone surrogate in the row id', { ...CONTEXT, rowId: 'a\uD800' }],
  ])('rejects %s', (_, context) => {
    expect(() => cipher.encryptString('x', context)).toThrow(InvalidInputError);
  });

  it('rejects plaintext that would not round-trip', () => {
    expect(() => cipher.encryptString('\uDC00', CONTEXT)).toThrow(InvalidInputError);
    const notJson = { big: 1n } as unknown as Parameters<FieldCipher['encryptJson']>[0];
    expect(() => cipher.encryptJson(notJson, CONTEXT)).toThrow(InvalidInputError);
  });

  it('rejects a decompression cap that is not a positive integer', () => {
    expect(() => new FieldCipher(testKeyRing(), { maxDecompressedBytes: 0 })).toThrow(
      InvalidInputError,
    );
  });

  it('fails its boot self-test when a key cannot be used', () => {
    // Stands in for a key ring whose keys live in an unreachable HSM.
    class BrokenKeyRing extends KeyRing {
      override deriveKey(): KeyObject {
        throw new Error('HSM unavailable');
      }
    }
    const ring = new BrokenKeyRing({
      activeKeyId: 'k1',
      keys: [{ id: 'k1', key: Buffer.alloc(32) }],
    });
    expect(() => new FieldCipher(ring)).toThrow(InvalidKeyMaterialError);
  });
});
