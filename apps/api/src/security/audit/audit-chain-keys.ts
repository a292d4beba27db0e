import type { KeyObject } from 'node:crypto';
import { KeyRing, type KeyMaterial } from '@bulwark/field-encryption';

// HKDF purpose of the MAC keys: a root key of this ring keys nothing else, even by mistake.
const MAC_KEY_INFO = Buffer.from('bulwark-audit-chain-v2', 'utf8');

/**
 * The AUDIT_CHAIN_KEYS ring as the chain uses it: new links under the active key, verification
 * under any key of the ring. Each root key is used through an HKDF-SHA256 subkey.
 */
export class AuditChainKeys {
  readonly #ring: KeyRing;
  readonly #macKeys = new Map<string, KeyObject>();

  /** @throws InvalidKeyMaterialError on a malformed ring (see KeyRing). */
  constructor(material: KeyMaterial) {
    this.#ring = new KeyRing(material);
  }

  get activeKeyId(): string {
    return this.#ring.activeKeyId;
  }

  /** The MAC key of `keyId`; undefined when the ring has no such key. */
  macKey(keyId: string): KeyObject | undefined {
    if (!this.#ring.has(keyId)) {
      return undefined;
    }
    let key = this.#macKeys.get(keyId);
    if (key === undefined) {
      key = this.#ring.deriveKey(keyId, MAC_KEY_INFO);
      this.#macKeys.set(keyId, key);
    }
    return key;
  }
}
