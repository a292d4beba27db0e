import { randomBytes } from 'node:crypto';
import { ColumnKeys } from './column-keys.js';
import {
  compress,
  decodeJson,
  decodeString,
  decompress,
  encodeJson,
  encodeString,
  type JsonValue,
} from './codecs.js';
import { COLUMN_KEY_LABEL, openValue, sealValue } from './ef1-suite.js';
import {
  SALT_LENGTH,
  parseEncryptedValue,
  type ValueFlags,
  type ValueType,
} from './encrypted-value.js';
import { assertFieldContext, type FieldContext } from './field-context.js';
import {
  DecompressedTooLargeError,
  InvalidInputError,
  InvalidKeyMaterialError,
  ValueTypeMismatchError,
} from './field-encryption.errors.js';
import type { KeyRing } from './key-ring.js';

/** Settings of a {@link FieldCipher}. */
export interface FieldCipherOptions {
  /** Largest plaintext, in bytes, a compressed value may inflate to. Default 1 MiB. */
  readonly maxDecompressedBytes?: number;
}

/** Per-call settings of the `encrypt*` methods. */
export interface EncryptOptions {
  /**
   * Brotli-compress before encrypting; kept only when it saves space. Compression leaks
   * through length, so leave it off where attacker-chosen text sits next to secrets.
   */
  readonly compress?: boolean;
}

const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024;
const SELF_TEST_CONTEXT: FieldContext = { table: 'bulwark', column: 'self_test', rowId: '0' };
const SELF_TEST_PLAINTEXT = Buffer.from('bulwark field-encryption self-test', 'utf8');

/**
 * Encrypts and decrypts column values bound to their table, column and row. New values use
 * the ring's active key; any key in the ring decrypts. Every failure throws a
 * {@link FieldEncryptionError}; nothing undecryptable is ever returned.
 */
export class FieldCipher {
  readonly #ring: KeyRing;
  readonly #columnKeys: ColumnKeys;
  readonly #maxDecompressedBytes: number;

  /** @throws InvalidKeyMaterialError when a key fails its encrypt-then-decrypt self-test. */
  constructor(keyRing: KeyRing, options: FieldCipherOptions = {}) {
    const max = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
    if (!Number.isSafeInteger(max) || max <= 0) {
      throw new InvalidInputError('maxDecompressedBytes must be a positive integer');
    }
    this.#ring = keyRing;
    this.#columnKeys = new ColumnKeys(keyRing, COLUMN_KEY_LABEL);
    this.#maxDecompressedBytes = max;
    for (const keyId of keyRing.keyIds) {
      this.#selfTest(keyId);
    }
  }

  /**
   * Encrypts under the active key, bound to `context`.
   * @throws InvalidInputError on an empty context part or a lone surrogate.
   */
  encryptString(plaintext: string, context: FieldContext, options?: EncryptOptions): string {
    return this.#encrypt(encodeString(plaintext), 'string', context, options);
  }

  /**
   * Decrypts a value written by `encryptString` for this exact context.
   * @throws MalformedValueError, UnknownKeyIdError, AuthenticationFailedError,
   *   ValueTypeMismatchError or DecompressedTooLargeError.
   */
  decryptString(value: string, context: FieldContext): string {
    return decodeString(this.#decrypt(value, 'string', context));
  }

  /** Encrypts `JSON.stringify(plaintext)` under the active key, bound to `context`. */
  encryptJson(plaintext: JsonValue, context: FieldContext, options?: EncryptOptions): string {
    return this.#encrypt(encodeJson(plaintext), 'json', context, options);
  }

  /** Same failures as {@link FieldCipher.decryptString}. */
  decryptJson(value: string, context: FieldContext): JsonValue {
    return decodeJson(this.#decrypt(value, 'json', context));
  }

  /** Encrypts raw bytes under the active key, bound to `context`. */
  encryptBinary(plaintext: Uint8Array, context: FieldContext, options?: EncryptOptions): string {
    return this.#encrypt(plaintext, 'binary', context, options);
  }

  /** Same failures as {@link FieldCipher.decryptString}. */
  decryptBinary(value: string, context: FieldContext): Uint8Array {
    return this.#decrypt(value, 'binary', context);
  }

  /**
   * Decrypts a value under whichever key wrote it and encrypts it again under the active key
   * with a fresh salt, keeping its type and compression. For the rotation command.
   */
  reencrypt(value: string, context: FieldContext): string {
    const { flags, plaintext } = this.#open(value, context);
    return this.#seal(this.#ring.activeKeyId, flags, context, plaintext);
  }

  #encrypt(
    bytes: Uint8Array,
    type: ValueType,
    context: FieldContext,
    options: EncryptOptions | undefined,
  ): string {
    assertFieldContext(context);
    if (options?.compress !== true) {
      return this.#seal(this.#ring.activeKeyId, { type, compressed: false }, context, bytes);
    }
    if (bytes.length > this.#maxDecompressedBytes) {
      // Refused at write time: a value over the cap could never be read back.
      throw new DecompressedTooLargeError(
        `value exceeds maxDecompressedBytes (${this.#maxDecompressedBytes})`,
      );
    }
    const compressed = compress(bytes);
    return compressed.length < bytes.length
      ? this.#seal(this.#ring.activeKeyId, { type, compressed: true }, context, compressed)
      : this.#seal(this.#ring.activeKeyId, { type, compressed: false }, context, bytes);
  }

  #decrypt(value: string, type: ValueType, context: FieldContext): Buffer {
    const { flags, plaintext } = this.#open(value, context);
    if (flags.type !== type) {
      throw new ValueTypeMismatchError(
        `${context.table}.${context.column} holds a ${flags.type} value, not ${type}`,
      );
    }
    return flags.compressed ? decompress(plaintext, this.#maxDecompressedBytes) : plaintext;
  }

  #seal(keyId: string, flags: ValueFlags, context: FieldContext, plaintext: Uint8Array): string {
    const columnKey = this.#columnKeys.get(keyId, context);
    const salt = randomBytes(SALT_LENGTH);
    return sealValue({ columnKey, keyId, flags, context, plaintext, salt });
  }

  #open(value: string, context: FieldContext): { flags: ValueFlags; plaintext: Buffer } {
    assertFieldContext(context);
    const parsed = parseEncryptedValue(value);
    const plaintext = openValue(this.#columnKeys.get(parsed.keyId, context), parsed, context);
    return { flags: parsed.flags, plaintext };
  }

  #selfTest(keyId: string): void {
    const flags: ValueFlags = { type: 'binary', compressed: false };
    let cause: unknown;
    try {
      const value = this.#seal(keyId, flags, SELF_TEST_CONTEXT, SELF_TEST_PLAINTEXT);
      if (this.#open(value, SELF_TEST_CONTEXT).plaintext.equals(SELF_TEST_PLAINTEXT)) {
        return;
      }
    } catch (error) {
      cause = error;
    }
    throw new InvalidKeyMaterialError(`key ${keyId} failed its self-test`, { cause });
  }
}
