import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FieldEncryptionError,
  KEY_LENGTH,
  generateKey,
  parseKeyList,
  type KeyMaterial,
  type RootKey,
} from '@bulwark/field-encryption';
import { ConfigError } from './config.errors.js';
import { KEY_RINGS, type Env, type KeyRingName } from './env.schema.js';
import { writePrivateFile } from './private-files.js';

export interface KeyRingsConfig {
  /** Encrypts column values; see packages/field-encryption. */
  readonly fieldEncryption: KeyMaterial;
  /** Keys the blind indexes used for equality lookups; never the same keys as above. */
  readonly blindIndex: KeyMaterial;
  /** Keys the links of the audit chain (HMAC-SHA256); see src/security/audit/audit-chain.ts. */
  readonly auditChain: KeyMaterial;
}

export function keyRingsConfigFrom(
  env: Env,
  dataDir: string,
  warn: (message: string) => void,
): KeyRingsConfig {
  const rings = resolveKeyRings(env, dataDir, warn);
  return {
    fieldEncryption: rings.FIELD_ENCRYPTION,
    blindIndex: rings.BLIND_INDEX,
    auditChain: rings.AUDIT_CHAIN,
  };
}

const SECRETS_FILE = 'secrets.json';
const DEV_KEY_ID = 'dev1';

/** What development keeps in `<dataDir>/secrets.json`: the same variables an operator would set. */
type StoredRings = Partial<Record<`${KeyRingName}_KEYS` | `${KeyRingName}_ACTIVE_KEY_ID`, string>>;

/**
 * Resolves every key ring from the environment (inline, or read from `<ring>_KEYS_FILE` by
 * loadConfig). Outside production, a ring the operator did not configure is read from
 * `<dataDir>/secrets.json`, generated there on first use so that a bare `pnpm dev` works and keeps
 * its data across restarts. Production never reaches the generation path: its policy requires
 * every ring.
 */
function resolveKeyRings(
  env: Env,
  dataDir: string,
  warn: (message: string) => void,
): Record<KeyRingName, KeyMaterial> {
  const missing = KEY_RINGS.filter((ring) => env[`${ring}_KEYS`] === undefined);
  const stored = missing.length > 0 ? readStoredRings(dataDir) : {};
  const generated = missing.filter((ring) => stored[`${ring}_KEYS`] === undefined);
  for (const ring of generated) {
    stored[`${ring}_KEYS`] = `${DEV_KEY_ID}:${generateKey()}`;
    stored[`${ring}_ACTIVE_KEY_ID`] = DEV_KEY_ID;
  }
  if (generated.length > 0) {
    writePrivateFile(join(dataDir, SECRETS_FILE), `${JSON.stringify(stored, null, 2)}\n`);
    warn(
      `Generated development keys ${generated.join(', ')} into ${join(dataDir, SECRETS_FILE)}; production requires them to be configured`,
    );
  }
  const settings = (ring: KeyRingName): RingSettings =>
    missing.includes(ring)
      ? {
          source: `${SECRETS_FILE} ${ring}_KEYS`,
          list: stored[`${ring}_KEYS`],
          activeKeyId: stored[`${ring}_ACTIVE_KEY_ID`],
        }
      : {
          source: `${ring}_KEYS`,
          list: env[`${ring}_KEYS`],
          activeKeyId: env[`${ring}_ACTIVE_KEY_ID`],
        };
  return {
    FIELD_ENCRYPTION: keyMaterial(settings('FIELD_ENCRYPTION')),
    BLIND_INDEX: keyMaterial(settings('BLIND_INDEX')),
    AUDIT_CHAIN: keyMaterial(settings('AUDIT_CHAIN')),
  };
}

/** One ring as configured; `source` names where it came from in error messages. */
interface RingSettings {
  readonly source: string;
  readonly list: string | undefined;
  readonly activeKeyId: string | undefined;
}

function keyMaterial({ source, list, activeKeyId }: RingSettings): KeyMaterial {
  const keys = parseKeys(list ?? '', source);
  if (activeKeyId === undefined || !keys.some((key) => key.id === activeKeyId)) {
    throw new ConfigError([
      `${source.replace(/_KEYS$/, '_ACTIVE_KEY_ID')}: must name one of the keys`,
    ]);
  }
  return { activeKeyId, keys };
}

function parseKeys(list: string, variable: string): RootKey[] {
  let keys: RootKey[];
  try {
    keys = parseKeyList(list, variable);
  } catch (error) {
    // The package's messages name the entry's position, never its content.
    throw new ConfigError([
      error instanceof FieldEncryptionError ? error.message : `${variable}: invalid`,
    ]);
  }
  if (keys.length === 0) {
    throw new ConfigError([`${variable}: no keys`]);
  }
  keys.forEach((key, index) => {
    if (!isRandomLooking(key.key)) {
      throw new ConfigError([
        `${variable}: entry ${index + 1} is not ${KEY_LENGTH} random bytes (pnpm cli keys:generate)`,
      ]);
    }
  });
  return keys;
}

/** Catches placeholder keys (all zeros, repeated patterns) that a copied example would carry. */
function isRandomLooking(key: Uint8Array): boolean {
  return key.length === KEY_LENGTH && new Set(key).size >= 16;
}

function readStoredRings(dataDir: string): StoredRings {
  const path = join(dataDir, SECRETS_FILE);
  if (!existsSync(path)) {
    return {};
  }
  try {
    const content: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof content === 'object' && content !== null && !Array.isArray(content)) {
      return Object.fromEntries(
        Object.entries(content).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
    }
  } catch {
    // Reported below like any other unusable file.
  }
  throw new ConfigError([`${path}: unreadable; delete it to generate new development keys`]);
}
