import { createHmac } from 'node:crypto';
import { ColumnKeys } from './column-keys.js';
import { assertColumnContext, isWellFormed, type ColumnContext } from './field-context.js';
import { InvalidInputError } from './field-encryption.errors.js';
import type { KeyRing } from './key-ring.js';

/** Every blind index starts with this; the key id follows, so indexes can be rotated. */
export const BLIND_INDEX_PREFIX = 'bi1:';

/** 128 bits: collisions stay negligible (birthday bound 2^64), so a UNIQUE index on it is safe. */
export const BLIND_INDEX_BYTES = 16;

const COLUMN_KEY_LABEL = 'bulwark/field-encryption/bi1/column-key';

/** Maps every spelling of a value that must match to one canonical string. */
export type Normalizer = (value: string) => string;

/** E-mail addresses: NFKC (fullwidth to ASCII, ligatures split), lower case, NFKC, trimmed. */
export const normalizeEmail: Normalizer = (value) =>
  // NFKC twice: lower-casing Ϊ + U+0301 yields ϊ + U+0301, which NFKC then composes into ΐ.
  value.normalize('NFKC').toLowerCase().normalize('NFKC').trim();

/** An indexed column and how its values are normalised before hashing. */
export interface BlindIndexColumn extends ColumnContext {
  /** Defaults to exact match. */
  readonly normalize?: Normalizer;
}

/**
 * Deterministic equality-lookup tokens: `bi1:<kid>:<base64url(HMAC-SHA256(column key,
 * normalised value)[0..16])>`. Use a key ring separate from the encryption keys.
 */
export class BlindIndex {
  readonly #ring: KeyRing;
  readonly #columnKeys: ColumnKeys;

  constructor(keyRing: KeyRing) {
    this.#ring = keyRing;
    this.#columnKeys = new ColumnKeys(keyRing, COLUMN_KEY_LABEL);
  }

  /** The index to store, under the active key. */
  compute(value: string, column: BlindIndexColumn): string {
    return this.#compute(this.#ring.activeKeyId, value, column);
  }

  /** One index per key, active first: look up with `IN (...)` while a rotation is under way. */
  computeAll(value: string, column: BlindIndexColumn): string[] {
    return this.#ring.keyIds.map((keyId) => this.#compute(keyId, value, column));
  }

  #compute(keyId: string, value: string, column: BlindIndexColumn): string {
    assertColumnContext(column);
    const normalized = column.normalize === undefined ? value : column.normalize(value);
    if (!isWellFormed(normalized)) {
      throw new InvalidInputError('value contains a lone surrogate and cannot be indexed');
    }
    const mac = createHmac('sha256', this.#columnKeys.get(keyId, column))
      .update(normalized, 'utf8')
      .digest()
      .subarray(0, BLIND_INDEX_BYTES);
    return `${BLIND_INDEX_PREFIX}${keyId}:${mac.toString('base64url')}`;
  }
}
