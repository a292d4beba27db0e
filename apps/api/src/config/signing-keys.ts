import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.errors.js';
import type { Env } from './env.schema.js';
import { writePrivateFile } from './private-files.js';

/** One ES256 signing key; its id is the JWT `kid` header and the JWKS entry. */
export interface SigningKey {
  readonly id: string;
  readonly privateKey: KeyObject;
}

export interface SigningKeys {
  readonly activeKeyId: string;
  /** Active first; the others still verify tokens issued before a rotation. */
  readonly keys: readonly SigningKey[];
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const DEV_KEY_ID = 'dev1';

/**
 * Access-token signing keys from `JWT_SIGNING_KEY_FILES` (`<kid>:<PEM path>` entries) and
 * `JWT_ACTIVE_KEY_ID`. Outside production, when none are configured, one P-256 key is generated
 * into `<dataDir>/jwt/` on first start and reused after.
 */
export function resolveSigningKeys(
  env: Env,
  dataDir: string,
  warn: (message: string) => void,
): SigningKeys {
  if (env.JWT_SIGNING_KEY_FILES === undefined) {
    const file = join(dataDir, 'jwt', `${DEV_KEY_ID}.pem`);
    if (!existsSync(file)) {
      writePrivateFile(file, generateSigningKeyPem());
      warn(
        `Generated a development JWT signing key into ${file}; production requires JWT_SIGNING_KEY_FILES`,
      );
    }
    return {
      activeKeyId: DEV_KEY_ID,
      keys: [{ id: DEV_KEY_ID, privateKey: readSigningKey(file, 'JWT_SIGNING_KEY_FILES') }],
    };
  }
  const keys = env.JWT_SIGNING_KEY_FILES.split(',').map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    if (separator <= 0 || !KEY_ID.test(id)) {
      throw new ConfigError([
        `JWT_SIGNING_KEY_FILES: entry ${index + 1} is not <kid>:<path to PEM>`,
      ]);
    }
    return {
      id,
      privateKey: readSigningKey(entry.slice(separator + 1).trim(), 'JWT_SIGNING_KEY_FILES'),
    };
  });
  const activeKeyId = env.JWT_ACTIVE_KEY_ID;
  const active = keys.find((key) => key.id === activeKeyId);
  if (active === undefined || activeKeyId === undefined) {
    throw new ConfigError([
      'JWT_ACTIVE_KEY_ID: must name one of the keys in JWT_SIGNING_KEY_FILES',
    ]);
  }
  return { activeKeyId, keys: [active, ...keys.filter((key) => key !== active)] };
}

/** Generates a key as an operator would with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

// ES256 only: the algorithm is pinned where tokens are verified, so any other key is a mistake.
function readSigningKey(path: string, variable: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path));
  } catch {
    throw new ConfigError([`${variable}: ${path} is not a readable PEM private key`]);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError([`${variable}: ${path} is not a P-256 (ES256) key`]);
  }
  return key;
}
