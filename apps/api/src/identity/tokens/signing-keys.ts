import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../platform/config/config.errors.js';
import type { Env } from '../../platform/config/env.schema.js';
import { writePrivateFile } from '../../platform/config/private-files.js';
import { readSecretFile, type SecretFilePolicy } from '../../platform/config/secret-files.js';

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
 * Access-token signing keys and `JWT_ACTIVE_KEY_ID`, from `JWT_SIGNING_KEY_FILES` (`<kid>:<PEM
 * path>` entries) or `JWT_SIGNING_KEYS` (`<kid>:<PEM>` entries, for secrets injected as variables).
 * Outside production, when none are configured, one P-256 key is generated into `<dataDir>/jwt/` on
 * first start and reused after.
 */
export function resolveSigningKeys(
  env: Env,
  dataDir: string,
  policy: SecretFilePolicy,
): SigningKeys {
  if (env.JWT_SIGNING_KEYS !== undefined && env.JWT_SIGNING_KEY_FILES !== undefined) {
    throw new ConfigError(['JWT_SIGNING_KEYS, JWT_SIGNING_KEY_FILES: set one, not both']);
  }
  if (env.JWT_SIGNING_KEYS !== undefined) {
    // Literal line breaks, as openssl writes a PEM: a PEM never holds a comma.
    const keys = entries('JWT_SIGNING_KEYS', env.JWT_SIGNING_KEYS, 'PEM').map(
      ({ id, value }, index) => ({
        id,
        privateKey: signingKey(value, `JWT_SIGNING_KEYS: entry ${index + 1}`),
      }),
    );
    return withActiveKey(keys, env.JWT_ACTIVE_KEY_ID);
  }
  if (env.JWT_SIGNING_KEY_FILES !== undefined) {
    const keys = entries('JWT_SIGNING_KEY_FILES', env.JWT_SIGNING_KEY_FILES, 'path to PEM').map(
      ({ id, value }) => ({
        id,
        privateKey: signingKey(
          readSecretFile(value, 'JWT_SIGNING_KEY_FILES', policy),
          `JWT_SIGNING_KEY_FILES: ${value}`,
        ),
      }),
    );
    return withActiveKey(keys, env.JWT_ACTIVE_KEY_ID);
  }
  const file = join(dataDir, 'jwt', `${DEV_KEY_ID}.pem`);
  if (!existsSync(file)) {
    writePrivateFile(file, generateSigningKeyPem());
    policy.warn(
      `Generated a development JWT signing key into ${file}; production requires JWT_SIGNING_KEY_FILES or JWT_SIGNING_KEYS`,
    );
  }
  const privateKey = signingKey(readSecretFile(file, 'JWT_SIGNING_KEY_FILES', policy), file);
  return { activeKeyId: DEV_KEY_ID, keys: [{ id: DEV_KEY_ID, privateKey }] };
}

// `<kid>:<value>` entries, comma-separated; never echoes a value, which may be a key.
function entries(variable: string, list: string, what: string): { id: string; value: string }[] {
  return list.split(',').map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = entry.slice(0, separator).trim();
    if (separator <= 0 || !KEY_ID.test(id)) {
      throw new ConfigError([`${variable}: entry ${index + 1} is not <kid>:<${what}>`]);
    }
    return { id, value: entry.slice(separator + 1).trim() };
  });
}

function withActiveKey(keys: SigningKey[], activeKeyId: string | undefined): SigningKeys {
  const active = keys.find((key) => key.id === activeKeyId);
  if (active === undefined || activeKeyId === undefined) {
    throw new ConfigError(['JWT_ACTIVE_KEY_ID: must name one of the signing keys']);
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
// `label` names the entry in errors: never the key.
function signingKey(pem: string | Buffer, label: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError([`${label} is not a PEM private key (line breaks, not \\n escapes)`]);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ConfigError([`${label} is not a P-256 (ES256) key`]);
  }
  return key;
}
