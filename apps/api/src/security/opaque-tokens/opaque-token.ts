import { createHash, randomBytes } from 'node:crypto';

/**
 * Kinds of opaque token, each with its own prefix: a token of one kind can never be taken for
 * another (and secret scanners recognise them in a leaked log or repository).
 */
export const OPAQUE_TOKEN_PREFIXES = {
  refresh: 'brt',
  emailVerification: 'bev',
  passwordReset: 'bpr',
  mfaChallenge: 'bmt',
  passkeySignIn: 'bps',
} as const;

export type OpaqueTokenKind = keyof typeof OPAQUE_TOKEN_PREFIXES;

// 256 bits from the CSPRNG, base64url without padding: 43 characters.
const TOKEN_BYTES = 32;
const ENCODED_LENGTH = 43;

export interface OpaqueToken {
  /** Given to the client once; never stored or logged. */
  readonly value: string;
  /** What the database stores: SHA-256, hex. */
  readonly hash: string;
}

export function generateOpaqueToken(kind: OpaqueTokenKind): OpaqueToken {
  const value = `${OPAQUE_TOKEN_PREFIXES[kind]}_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  return { value, hash: hashOpaqueToken(value) };
}

/** The stored hash of `value` when it is well-formed for `kind`, else undefined. */
export function opaqueTokenHash(kind: OpaqueTokenKind, value: string): string | undefined {
  const prefix = `${OPAQUE_TOKEN_PREFIXES[kind]}_`;
  const body = value.startsWith(prefix) ? value.slice(prefix.length) : '';
  return body.length === ENCODED_LENGTH && /^[A-Za-z0-9_-]+$/.test(body)
    ? hashOpaqueToken(value)
    : undefined;
}

/** A fast hash suffices: the input has 256 random bits, so there is nothing to guess offline. */
function hashOpaqueToken(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
