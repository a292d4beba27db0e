import { createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { InvalidAccessTokenError } from './tokens.errors.js';

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

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
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
   * Accepts only an ES256 token of type `at+jwt`, signed by a configured key, for this issuer and
   * audience, within its validity. Headers that point elsewhere for keys (`jku`, `jwk`, `x5u`) are
   * never followed: the key comes from configuration by `kid`.
   * @throws InvalidAccessTokenError
   */
  verify(token: string): AccessTokenClaims {
    const { issuer, audience } = this.config.tokens;
    try {
      // The header only selects among configured keys; the signature check below covers it.
      const header = jwt.decode(token, { complete: true })?.header;
      const decoded = jwt.verify(token, this.keyFor(header), {
        algorithms: [ALGORITHM],
        issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        complete: true,
      });
      return claimsOf(decoded);
    } catch (error) {
      throw error instanceof InvalidAccessTokenError
        ? error
        : new InvalidAccessTokenError('access token refused', { cause: error });
    }
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

  private keyFor(header: jwt.JwtHeader | undefined): KeyObject {
    const key = header?.kid === undefined ? undefined : this.publicKeys.get(header.kid);
    if (header?.typ !== TOKEN_TYPE || key === undefined) {
      throw new InvalidAccessTokenError('unknown key id or token type');
    }
    return key;
  }
}

function claimsOf(decoded: jwt.Jwt): AccessTokenClaims {
  const { payload } = decoded;
  if (
    typeof payload === 'string' ||
    typeof payload.sub !== 'string' ||
    typeof payload.sid !== 'string' ||
    typeof payload.jti !== 'string' ||
    typeof payload.nbf !== 'number'
  ) {
    throw new InvalidAccessTokenError('access token lacks sub, sid, jti or nbf');
  }
  return { userId: payload.sub, sessionId: payload.sid };
}
