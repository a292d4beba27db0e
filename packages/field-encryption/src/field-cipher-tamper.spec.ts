import { describe, expect, it } from 'vitest';
import { CONTEXT, editPayload, testKeyRing } from '../test/fixtures.js';
import { FieldCipher } from './field-cipher.js';
import {
  AuthenticationFailedError,
  FieldEncryptionError,
  MalformedValueError,
  UnknownKeyIdError,
} from './field-encryption.errors.js';

describe(`${FieldCipher.name} against tampering`, () => {
  const cipher = new FieldCipher(testKeyRing());
  const plaintext = 'alice@example.com';
  const value = cipher.encryptString(plaintext, CONTEXT);
  const prefix = 'ef1:k1:s:';
  const payloadText = value.slice(prefix.length);

  it('rejects every single-bit flip of every payload byte', () => {
    const length = Buffer.from(payloadText, 'base64url').length;
    for (let index = 0; index < length; index += 1) {
      for (const bit of [0x01, 0x80]) {
        const tampered = editPayload(value, (payload) => {
          payload[index]! ^= bit;
        });
        expect(() => cipher.decryptString(tampered, CONTEXT)).toThrow(AuthenticationFailedError);
      }
    }
  });

  it('rejects a payload cut short by one byte or extended by one', () => {
    const payload = Buffer.from(payloadText, 'base64url');
    for (const edited of [payload.subarray(0, -1), Buffer.concat([payload, Buffer.of(0)])]) {
      const tampered = `${prefix}${edited.toString('base64url')}`;
      expect(() => cipher.decryptString(tampered, CONTEXT)).toThrow(AuthenticationFailedError);
    }
  });

  it('rejects every single-character edit of the payload text', () => {
    for (let index = 0; index < payloadText.length; index += 1) {
      const replacement = payloadText[index] === 'A' ? 'B' : 'A';
      const tampered = `${value.slice(0, prefix.length + index)}${replacement}${value.slice(prefix.length + index + 1)}`;
      // A change in the unused low bits of the last character is caught as non-canonical.
      expect(() => cipher.decryptString(tampered, CONTEXT)).toThrow(FieldEncryptionError);
    }
  });

  it.each([
    ['format', 'ef2:k1:s:', MalformedValueError],
    ['format case', 'EF1:k1:s:', MalformedValueError],
    ['first separator', 'ef1-k1:s:', MalformedValueError],
    ['key id to another key in the ring', 'ef1:k2:s:', AuthenticationFailedError],
    ['key id to an unknown key', 'ef1:k3:s:', UnknownKeyIdError],
    ['key id to an invalid one', 'ef1:k!:s:', MalformedValueError],
    ['key id emptied', 'ef1::s:', MalformedValueError],
    ['flags to json', 'ef1:k1:j:', AuthenticationFailedError],
    ['flags to binary', 'ef1:k1:b:', AuthenticationFailedError],
    ['flags to compressed', 'ef1:k1:sz:', AuthenticationFailedError],
    ['flags to an unknown one', 'ef1:k1:x:', MalformedValueError],
    ['flags emptied', 'ef1:k1::', MalformedValueError],
    ['last separator', 'ef1:k1:s-', MalformedValueError],
  ])('rejects an edited %s', (_, edited, error) => {
    expect(() => cipher.decryptString(`${edited}${payloadText}`, CONTEXT)).toThrow(error);
  });

  it('rejects every single-character edit of the prefix', () => {
    for (let index = 0; index < prefix.length; index += 1) {
      for (const replacement of ['e', '1', 'k', 's', 'j', ':', '_', 'Z']) {
        if (prefix[index] === replacement) {
          continue;
        }
        const edited = `${prefix.slice(0, index)}${replacement}${prefix.slice(index + 1)}`;
        expect(() => cipher.decryptString(`${edited}${payloadText}`, CONTEXT)).toThrow(
          FieldEncryptionError,
        );
      }
    }
  });

  it.each([
    ['another row', { ...CONTEXT, rowId: '0190a0e4-7c2b-7def-8000-000000000002' }],
    ['another column', { ...CONTEXT, column: 'backup_email' }],
    ['another table', { ...CONTEXT, table: 'admins' }],
    // Length prefixes keep ("users", "email") and ("user", "semail") apart.
    ['a shifted table/column boundary', { ...CONTEXT, table: 'user', column: 'semail' }],
  ])('rejects a value copied to %s', (_, context) => {
    expect(() => cipher.decryptString(value, context)).toThrow(AuthenticationFailedError);
  });

  it.each([
    ['empty', ''],
    ['plaintext', plaintext],
    ['prefix only', prefix],
    ['truncated payload', value.slice(0, prefix.length + 50)],
    ['a payload shorter than salt and tag', `${prefix}${Buffer.alloc(39).toString('base64url')}`],
    ['bad base64url', `${prefix}${payloadText.slice(0, -4)}+/==`],
    ['padded base64url', `${value}=`],
    ['an extra part', `${value}:x`],
    ['whitespace', ` ${value}`],
  ])('rejects a malformed value: %s', (_, malformed) => {
    expect(() => cipher.decryptString(malformed, CONTEXT)).toThrow(MalformedValueError);
  });

  it('never puts plaintext or the encrypted value in an error message', () => {
    const tampered = editPayload(value, (payload) => {
      payload[30]! ^= 1;
    });
    for (const attempt of [tampered, `ef1:k9:s:${payloadText}`, `${value}=`]) {
      let message = '';
      try {
        cipher.decryptString(attempt, CONTEXT);
      } catch (error) {
        message = String(error);
      }
      expect(message).not.toBe('');
      expect(message).not.toContain(plaintext);
      expect(message).not.toContain(payloadText.slice(0, 16));
    }
  });
});
