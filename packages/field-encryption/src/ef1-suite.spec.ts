import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTEXT, KEY_1, lp, testKeyRing } from '../test/fixtures.js';
import { ColumnKeys } from './column-keys.js';
import { COLUMN_KEY_LABEL, sealValue } from './ef1-suite.js';
import { FieldCipher } from './field-cipher.js';

const SALT = Buffer.from(Array.from({ length: 24 }, (_, index) => 0x40 + index));
const PLAINTEXT = 'alice@example.com';

// Computed once with this implementation and cross-checked below against raw node:crypto.
const EXPECTED =
  'ef1:k1:s:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZX51WEOghhH-H53T1Z_TrtiSd9-VLjrpkiySg-9Pu82wkS';

function referenceEncrypt(): string {
  const info = lp('bulwark/field-encryption/ef1/column-key', 'users', 'email');
  const columnKey = Buffer.from(hkdfSync('sha256', KEY_1, Buffer.alloc(0), info, 32));
  const valueKey = createHmac('sha256', columnKey)
    .update(
      Buffer.concat([Buffer.from('bulwark/field-encryption/ef1/value-key'), SALT, Buffer.of(1)]),
    )
    .digest();
  const aad = lp('ef1', 'k1', 's', CONTEXT.table, CONTEXT.column, CONTEXT.rowId);
  const cipher = createCipheriv('aes-256-gcm', valueKey, SALT.subarray(12));
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(PLAINTEXT, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([SALT, ciphertext, cipher.getAuthTag()]);
  return `ef1:k1:s:${payload.toString('base64url')}`;
}

describe('ef1 suite', () => {
  const ring = testKeyRing();

  it('produces the pinned known answer for a fixed key, salt and context', () => {
    const value = sealValue({
      columnKey: new ColumnKeys(ring, COLUMN_KEY_LABEL).get('k1', CONTEXT),
      keyId: 'k1',
      flags: { type: 'string', compressed: false },
      context: CONTEXT,
      plaintext: Buffer.from(PLAINTEXT, 'utf8'),
      salt: SALT,
    });
    expect(value).toBe(EXPECTED);
  });

  it('matches HKDF, HMAC and AES-256-GCM computed step by step with node:crypto', () => {
    expect(referenceEncrypt()).toBe(EXPECTED);
  });

  it('decrypts the known answer through the public API', () => {
    expect(new FieldCipher(ring).decryptString(EXPECTED, CONTEXT)).toBe(PLAINTEXT);
  });
});
