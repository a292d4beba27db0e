import type { KeyObject } from 'node:crypto';
import type { ColumnContext } from './field-context.js';
import type { KeyRing } from './key-ring.js';
import { lengthPrefixed } from './length-prefixed.js';

// Columns are declared in code, so this is never reached in practice; it only bounds memory.
const MAX_CACHED_KEYS = 1024;

/** Per-column subkeys of a key ring for one purpose, derived once and cached. */
export class ColumnKeys {
  readonly #ring: KeyRing;
  readonly #label: string;
  readonly #cache = new Map<string, KeyObject>();

  constructor(ring: KeyRing, label: string) {
    this.#ring = ring;
    this.#label = label;
  }

  /** HKDF-SHA256(root key, salt = empty, info = lp(label) ‖ lp(table) ‖ lp(column)). */
  get(keyId: string, { table, column }: ColumnContext): KeyObject {
    const cacheKey = JSON.stringify([keyId, table, column]);
    let key = this.#cache.get(cacheKey);
    if (key === undefined) {
      key = this.#ring.deriveKey(keyId, lengthPrefixed([this.#label, table, column]));
      if (this.#cache.size >= MAX_CACHED_KEYS) {
        this.#cache.clear();
      }
      this.#cache.set(cacheKey, key);
    }
    return key;
  }
}
