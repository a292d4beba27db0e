import { readFile } from 'node:fs/promises';
import { decodeCanonical } from './canonical-base64.js';
import { InvalidKeyMaterialError } from './field-encryption.errors.js';
import type { KeyMaterial, KeyProvider, RootKey } from './key-ring.js';

/** Where an {@link EnvKeyProvider} reads its keys. */
export interface EnvKeyProviderOptions {
  /**
   * Variable prefix. With `FIELD_ENCRYPTION` the provider reads `FIELD_ENCRYPTION_KEYS` (or
   * `FIELD_ENCRYPTION_KEYS_FILE`, a path to a file with the same content) and
   * `FIELD_ENCRYPTION_ACTIVE_KEY_ID`.
   */
  readonly prefix: string;
  /** Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Loads root keys from environment variables or a mounted secret file. The key list holds
 * `<key id>:<base64 of 32 bytes>` entries separated by commas or whitespace.
 */
export class EnvKeyProvider implements KeyProvider {
  readonly #prefix: string;
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(options: EnvKeyProviderOptions) {
    this.#prefix = options.prefix;
    this.#env = options.env ?? process.env;
  }

  /** @throws InvalidKeyMaterialError when a variable is missing, ambiguous or malformed. */
  async loadKeys(): Promise<KeyMaterial> {
    const listName = `${this.#prefix}_KEYS`;
    const fileName = `${this.#prefix}_KEYS_FILE`;
    const activeName = `${this.#prefix}_ACTIVE_KEY_ID`;
    const inline = this.#env[listName];
    const file = this.#env[fileName];
    if (inline !== undefined && file !== undefined) {
      throw new InvalidKeyMaterialError(`set ${listName} or ${fileName}, not both`);
    }
    const list = file === undefined ? inline : await readKeyFile(fileName, file);
    if (list === undefined || list.trim() === '') {
      throw new InvalidKeyMaterialError(`${listName} (or ${fileName}) is not set`);
    }
    const activeKeyId = this.#env[activeName]?.trim();
    if (activeKeyId === undefined || activeKeyId === '') {
      throw new InvalidKeyMaterialError(`${activeName} is not set`);
    }
    return { activeKeyId, keys: parseKeyList(list, file === undefined ? listName : fileName) };
  }
}

async function readKeyFile(variable: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidKeyMaterialError(`cannot read the file named by ${variable}`, {
      cause: error,
    });
  }
}

/** Parses `<key id>:<base64>` entries; errors name the entry's position, never its content. */
export function parseKeyList(text: string, source: string): RootKey[] {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    if (separator <= 0) {
      throw new InvalidKeyMaterialError(
        `${source}: entry ${index + 1} is not <key id>:<base64 key>`,
      );
    }
    const key = decodeCanonical(entry.slice(separator + 1), 'base64');
    if (key === undefined || key.length === 0) {
      throw new InvalidKeyMaterialError(`${source}: entry ${index + 1} is not valid base64`);
    }
    return { id: entry.slice(0, separator), key };
  });
}
