import { describe, expect, it } from 'vitest';
import { CONTEXT, testKeyRing } from '../test/fixtures.js';
import { ENCRYPTED_VALUE_PREFIX, isEncryptedValue, keyIdOf } from './encrypted-value.js';
import { FieldCipher } from './field-cipher.js';
import { MalformedValueError } from './field-encryption.errors.js';

describe('encrypted value format', () => {
  const value = new FieldCipher(testKeyRing('k2')).encryptString('x', CONTEXT);

  it('recognises encrypted values by syntax alone', () => {
    expect(value.startsWith(ENCRYPTED_VALUE_PREFIX)).toBe(true);
    expect(isEncryptedValue(value)).toBe(true);
    for (const other of ['', 'x', 'ef1:k2:s:', `${value}=`, null, 42, Buffer.from(value)]) {
      expect(isEncryptedValue(other)).toBe(false);
    }
  });

  it('reads the key id without decrypting', () => {
    expect(keyIdOf(value)).toBe('k2');
    expect(() => keyIdOf('alice@example.com')).toThrow(MalformedValueError);
  });
});
