import { createCipheriv, createDecipheriv, createHmac, type KeyObject } from 'node:crypto';
import {
  FORMAT,
  SALT_LENGTH,
  TAG_LENGTH,
  encodeFlags,
  formatEncryptedValue,
  type EncryptedValue,
  type ValueFlags,
} from './encrypted-value.js';
import type { FieldContext } from './field-context.js';
import { AuthenticationFailedError } from './field-encryption.errors.js';
import { lengthPrefixed } from './length-prefixed.js';

/** HKDF info label of the per-column keys of `ef1`. */
export const COLUMN_KEY_LABEL = 'bulwark/field-encryption/ef1/column-key';

const VALUE_KEY_LABEL = Buffer.from('bulwark/field-encryption/ef1/value-key', 'utf8');
const FIRST_BLOCK = Buffer.of(1);
const NONCE_LENGTH = 12;

/** Everything that goes into one encrypted value; `salt` is random except in known-answer tests. */
export interface SealInput {
  readonly columnKey: KeyObject;
  readonly keyId: string;
  readonly flags: ValueFlags;
  readonly context: FieldContext;
  readonly plaintext: Uint8Array;
  readonly salt: Buffer;
}

/** Encrypts and formats one value. */
export function sealValue({
  columnKey,
  keyId,
  flags,
  context,
  plaintext,
  salt,
}: SealInput): string {
  const cipher = createCipheriv('aes-256-gcm', valueKey(columnKey, salt), nonceOf(salt), {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(additionalData(keyId, flags, context));
  const payload = Buffer.concat([
    salt,
    cipher.update(plaintext),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return formatEncryptedValue({ keyId, flags, payload });
}

/** @throws AuthenticationFailedError unless the value is intact and bound to this context. */
export function openValue(
  columnKey: KeyObject,
  value: EncryptedValue,
  context: FieldContext,
): Buffer {
  const { payload } = value;
  const salt = payload.subarray(0, SALT_LENGTH);
  const decipher = createDecipheriv('aes-256-gcm', valueKey(columnKey, salt), nonceOf(salt), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAAD(additionalData(value.keyId, value.flags, context));
  decipher.setAuthTag(payload.subarray(payload.length - TAG_LENGTH));
  const plaintext = decipher.update(payload.subarray(SALT_LENGTH, payload.length - TAG_LENGTH));
  try {
    return Buffer.concat([plaintext, decipher.final()]);
  } catch {
    // GCM releases plaintext before the tag is checked; wipe it rather than leave it to the GC.
    plaintext.fill(0);
    throw new AuthenticationFailedError(
      `value of ${context.table}.${context.column} failed authentication ` +
        '(wrong key, tampered, or copied from another row or column)',
    );
  }
}

// HKDF-Expand(PRK = column key, info = label ‖ salt, L = 32) is exactly one HMAC block.
function valueKey(columnKey: KeyObject, salt: Buffer): Buffer {
  return createHmac('sha256', columnKey)
    .update(VALUE_KEY_LABEL)
    .update(salt)
    .update(FIRST_BLOCK)
    .digest();
}

// As in XAES-256-GCM, the last 12 salt bytes are the GCM nonce of the derived key.
function nonceOf(salt: Buffer): Buffer {
  return salt.subarray(SALT_LENGTH - NONCE_LENGTH);
}

function additionalData(keyId: string, flags: ValueFlags, context: FieldContext): Buffer {
  return lengthPrefixed([
    FORMAT,
    keyId,
    encodeFlags(flags),
    context.table,
    context.column,
    context.rowId,
  ]);
}
