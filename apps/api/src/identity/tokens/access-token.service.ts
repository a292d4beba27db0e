import { createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { TokensConfig } from './tokens.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { InvalidAccessTokenError } from './tokens.errors.js';
import { VerifiedTokenCache } from './verified-token.cache.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly tokens: TokensConfig };

/** The one algorithm tokens are signed and verified with: never taken from the token itself. */
const ALGORITHM = 'ES256';
/** RFC 9068 explicit typing: no other kind of token (refresh, MFA, reset) can pass as an access token. */
const TOKEN_TYPE = 'at+jwt';
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AccessTokenClaims {
  readonly userId: string;
  readonly sessionId: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresIn: number;
}

export interface PublicJwk extends JsonWebKey {
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: typeof ALGORITHM;
}

/** Signs short-lived ES256 access tokens with the active key and verifies them against every key. */
@Injectable()
export class AccessTokenService {
  private readonly publicKeys: ReadonlyMap<string, KeyObject>;
  private readonly verified = new VerifiedTokenCache();

  constructor(@Inject(APP_CONFIG) private readonly config: SectionsRead) {
    this.publicKeys = new Map(
      config.tokens.signingKeys.keys.map((key) => [key.id, createPublicKey(key.privateKey)]),
    );
  }

  issue({ userId, sessionId }: AccessTokenClaims): IssuedAccessToken {
    const { signingKeys, issuer, audience, accessTokenTtlSeconds } = this.config.tokens;
    const active = signingKeys.keys[0];
    if (active === undefined) {
      throw new Error('no signing key');
    }
    const token = jwt.sign({ sid: sessionId }, active.privateKey, {
      algorithm: ALGORITHM,
      keyid: active.id,
      header: { alg: ALGORITHM, typ: TOKEN_TYPE, kid: active.id },
      issuer,
      audience,
      subject: userId,
      jwtid: randomUUID(),
      notBefore: 0,
      expiresIn: accessTokenTtlSeconds,
    });
    return { token, expiresIn: accessTokenTtlSeconds };
  }

  /**
   * The claims of a valid access token: signature by one of our keys (chosen by `kid`), type,
   * issuer, audience, `exp`/`nbf` and the claims the API relies on. A token verified before is
   * answered from memory until its `exp` (never past it); the session it names is the caller's
   * to check.
   * @throws InvalidAccessTokenError
   */
  verify(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known !== undefined) {
      return known;
    }
    const { clockTolerance, ...options } = this.verifyOptions();
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.verificationKeyFor(token), { ...options, clockTolerance });
    } catch (error) {
      throw error instanceof InvalidAccessTokenError
        ? error
        : new InvalidAccessTokenError('access token refused', { cause: error });
    }
    const claims = this.claimsOf(payload);
    if (typeof payload === 'object' && typeof payload.exp === 'number') {
      this.verified.remember(token, claims, payload.exp * 1000);
    }
    return claims;
  }

  /**
   * What verification checks besides the signature: the algorithm is pinned (never taken from the
   * token), the issuer and audience are ours, and `exp`/`nbf` hold within a small clock skew.
   */
  verifyOptions(): {
    algorithms: jwt.Algorithm[];
    issuer: string;
    audience: string;
    clockTolerance: number;
  } {
    const { issuer, audience } = this.config.tokens;
    return { algorithms: [ALGORITHM], issuer, audience, clockTolerance: CLOCK_TOLERANCE_SECONDS };
  }

  /**
   * The configured public key that must have signed `token`, chosen by `kid` among ours, for a
   * token of type `at+jwt` only. Headers that point elsewhere for keys (`jku`, `jwk`, `x5u`) are
   * never followed. The header is read unverified; the signature check that follows covers it.
   * @throws InvalidAccessTokenError
   */
  verificationKeyFor(token: string): KeyObject {
    const header = jwt.decode(token, { complete: true })?.header;
    const key = header?.kid === undefined ? undefined : this.publicKeys.get(header.kid);
    if (header?.typ !== TOKEN_TYPE || key === undefined) {
      throw new InvalidAccessTokenError('unknown key id or token type');
    }
    return key;
  }

  /**
   * The claims of a verified payload.
   * @throws InvalidAccessTokenError when one the API relies on is missing
   */
  claimsOf(payload: unknown): AccessTokenClaims {
    if (
      typeof payload !== 'object' ||
      payload === null ||
      !hasStringClaims(payload, ['sub', 'sid', 'jti']) ||
      !('nbf' in payload) ||
      typeof payload.nbf !== 'number'
    ) {
      throw new InvalidAccessTokenError('access token lacks sub, sid, jti or nbf');
    }
    return { userId: payload.sub, sessionId: payload.sid };
  }

  /** The public halves of every configured key, for `/.well-known/jwks.json`. */
  jwks(): { keys: PublicJwk[] } {
    return {
      keys: [...this.publicKeys].map(([kid, key]) => ({
        ...key.export({ format: 'jwk' }),
        kid,
        use: 'sig',
        alg: ALGORITHM,
      })),
    };
  }
}

function hasStringClaims<K extends string>(
  payload: object,
  names: readonly K[],
): payload is Record<K, string> {
  return names.every(
    (name) => name in payload && typeof (payload as Record<K, unknown>)[name] === 'string',
  );
}
