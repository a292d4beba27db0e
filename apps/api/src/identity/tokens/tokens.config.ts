import type { Env } from '../../platform/config/env.schema.js';
import type { SecretFilePolicy } from '../../platform/config/secret-files.js';
import { resolveSigningKeys, type SigningKeys } from './signing-keys.js';

export interface TokensConfig {
  readonly signingKeys: SigningKeys;
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
}

export function tokensConfigFrom(
  env: Env,
  dataDir: string,
  policy: SecretFilePolicy,
): TokensConfig {
  return {
    signingKeys: resolveSigningKeys(env, dataDir, policy),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
  };
}
