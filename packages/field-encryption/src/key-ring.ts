import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { InvalidKeyMaterialError, UnknownKeyIdError } from './field-encryption.errors.js';

/** Root keys are exactly 32 bytes (AES-256, HMAC-SHA256). */
export const KEY_LENGTH = 32;

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Key ids appear in stored values, so they are short and contain no separator. */
export function isValidKeyId(keyId: string): boolean {
  return KEY_ID.test(keyId);
}

// An id is echoed only when it is well formed, so a key pasted into the wrong place never is.
function shownId(keyId: string): string {
  return isValidKeyId(keyId) ? ` ${keyId}` : '';
}

/** One root key, as handed over by a {@link KeyProvider}. */
export interface RootKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/** Everything a {@link KeyProvider} returns: the keys and the id that encrypts new values. */
export interface KeyMaterial {
  readonly activeKeyId: string;
  readonly keys: readonly RootKey[];
}

/**
 * Source of root keys. `loadKeys()` is called once at boot: a KMS-backed provider unwraps
 * its data keys there, never per row.
 */
export interface KeyProvider {
  loadKeys(): Promise<KeyMaterial>;
}

/**
 * Root keys by id, one of them active for new values. Keys are held as `KeyObject`s in a
 * private field, so they never show in errors, `toString`, `util.inspect` or `JSON.stringify`,
 * and callers only ever get keys derived for a purpose.
 */
export class KeyRing {
  /** Loads and validates the keys of a provider. */
  static async load(provider: KeyProvider): Promise<KeyRing> {
    return new KeyRing(await provider.loadKeys());
  }

  /** Id of the key that encrypts new values. */
  readonly activeKeyId: string;
  readonly #keys = new Map<string, KeyObject>();

  /** @throws InvalidKeyMaterialError on a bad or duplicate id, a key that is not 32 bytes, or a missing active key. */
  constructor(material: KeyMaterial) {
    material.keys.forEach(({ id, key }, index) => {
      if (!isValidKeyId(id)) {
        throw new InvalidKeyMaterialError(
          `key #${index + 1} has an invalid id (1-32 characters from A-Z a-z 0-9 _ -)`,
        );
      }
      if (key.length !== KEY_LENGTH) {
        throw new InvalidKeyMaterialError(
          `key ${id} must be exactly ${KEY_LENGTH} bytes, got ${key.length}`,
        );
      }
      if (this.#keys.has(id)) {
        throw new InvalidKeyMaterialError(`key id ${id} appears more than once`);
      }
      this.#keys.set(id, createSecretKey(key));
    });
    if (!this.#keys.has(material.activeKeyId)) {
      throw new InvalidKeyMaterialError(
        `active key id${shownId(material.activeKeyId)} is not in the key ring`,
      );
    }
    this.activeKeyId = material.activeKeyId;
  }

  /** All key ids, the active one first. */
  get keyIds(): string[] {
    return [this.activeKeyId, ...[...this.#keys.keys()].filter((id) => id !== this.activeKeyId)];
  }

  /** Whether the ring holds a key with this id. */
  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /**
   * Derives a 32-byte subkey: HKDF-SHA256 with the root key as input keying material, an
   * empty salt and `info` as the purpose.
   * @throws UnknownKeyIdError when the ring has no such key.
   */
  deriveKey(keyId: string, info: Uint8Array): KeyObject {
    const root = this.#keys.get(keyId);
    if (root === undefined) {
      throw new UnknownKeyIdError(`key id${shownId(keyId)} is not in the key ring`);
    }
    return createSecretKey(
      Buffer.from(hkdfSync('sha256', root, Buffer.alloc(0), info, KEY_LENGTH)),
    );
  }
}

/** A fresh random root key, base64-encoded, as `keys:generate` prints it. */
export function generateKey(): string {
  return randomBytes(KEY_LENGTH).toString('base64');
}
