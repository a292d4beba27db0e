import {
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AppConfig } from '../../src/app.config.js';

/** Whose token it is: the `sub` and `sid` claims. */
export interface TokenSubject {
  readonly userId: string;
  readonly sessionId: string;
}

/** One deviation from a token the API would issue; an `undefined` value removes that entry. */
export interface Forgery {
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Signs with this ES256 key instead of the API's active one. */
  readonly key?: KeyObject;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The subject of a token the API issued (read unverified: the test trusts its own server). */
export function subjectOf(accessToken: string): TokenSubject {
  const payload = jwt.decode(accessToken);
  if (payload === null || typeof payload === 'string' || payload.sub === undefined) {
    throw new Error('not an access token');
  }
  return { userId: payload.sub, sessionId: String(payload.sid) };
}

/** A fresh ES256 key nobody configured: what an attacker signs with. */
export function attackerKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * An access token exactly as the API issues it (signed with its active key, `at+jwt`, its issuer
 * and audience, fresh `jti`, `nbf` now, 10 minutes to live), except for what `forgery` changes.
 */
export function forgeAccessToken(
  config: AppConfig,
  subject: TokenSubject,
  forgery: Forgery = {},
): string {
  const active = config.tokens.signingKeys.keys[0]!;
  const now = nowSeconds();
  // Kept with its undefined entries: they override jsonwebtoken's defaults (`typ: JWT`).
  const header = { alg: 'ES256', typ: 'at+jwt', kid: active.id, ...forgery.header };
  const claims = withoutUndefined({
    ...standardClaims(config, subject, now),
    ...forgery.claims,
  });
  return jwt.sign(claims, forgery.key ?? active.privateKey, {
    algorithm: 'ES256',
    header: header as unknown as jwt.JwtHeader,
  });
}

/** `alg: none` with valid claims and an empty signature. */
export function unsignedAccessToken(config: AppConfig, subject: TokenSubject): string {
  const header = { alg: 'none', typ: 'at+jwt', kid: config.tokens.signingKeys.activeKeyId };
  return `${b64(header)}.${b64(standardClaims(config, subject, nowSeconds()))}.`;
}

/** Algorithm confusion: HS256 keyed with the PEM of the API's public key, which anyone can get. */
export function hmacWithPublicKey(config: AppConfig, subject: TokenSubject): string {
  const active = config.tokens.signingKeys.keys[0]!;
  const publicPem = createPublicKey(active.privateKey).export({ type: 'spki', format: 'pem' });
  const header = { alg: 'HS256', typ: 'at+jwt', kid: active.id };
  const input = `${b64(header)}.${b64(standardClaims(config, subject, nowSeconds()))}`;
  return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
}

/** `token` with its payload replaced by `subject`'s claims, the original signature kept. */
export function withPayloadOf(config: AppConfig, token: string, subject: TokenSubject): string {
  const [header, , signature] = token.split('.');
  return `${header!}.${b64(standardClaims(config, subject, nowSeconds()))}.${signature!}`;
}

function standardClaims(
  config: AppConfig,
  { userId, sessionId }: TokenSubject,
  now: number,
): Record<string, unknown> {
  return {
    iss: config.tokens.issuer,
    aud: config.tokens.audience,
    sub: userId,
    sid: sessionId,
    jti: randomUUID(),
    iat: now,
    nbf: now,
    exp: now + 600,
  };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
