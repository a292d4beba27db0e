import { randomBytes } from 'node:crypto';
import { generateSync, verifySync } from 'otplib';

// RFC 6238 through otplib; this file only pins the parameters, takes the injected clock and turns
// otplib's result into the matched time step that replay protection stores (mfa.service.ts).

/** The authenticator-app defaults (RFC 6238 §4, Google Authenticator): SHA-1, 6 digits, 30 s. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** RFC 4226 §4 asks for at least 128 bits and recommends 160: the length of a SHA-1 block output. */
const TOTP_SECRET_BYTES = 20;
/** RFC 6238 §6: at most one step of clock drift either way. */
const ALLOWED_DRIFT_SECONDS = TOTP_PERIOD_SECONDS;
// otplib throws on a malformed token; checked here first, a malformed code is simply no match.
const DIGITS = /^[0-9]+$/;

export function generateTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The RFC 6238 time step (T) that contains `epochMs`. */
export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 6238 TOTP (SHA-1) of the time step that contains `epochMs`. */
export function totpCode(secret: Uint8Array, epochMs: number, digits = TOTP_DIGITS): string {
  return generateSync({
    secret,
    epoch: epochMs / 1000,
    period: TOTP_PERIOD_SECONDS,
    digits,
    algorithm: 'sha1',
  });
}

/**
 * The time step `code` belongs to, within one step either side of `epochMs`; undefined when it
 * matches none. otplib compares each candidate in constant time.
 */
export function matchTotp(secret: Uint8Array, code: string, epochMs: number): number | undefined {
  if (code.length !== TOTP_DIGITS || !DIGITS.test(code)) {
    return undefined;
  }
  const result = verifySync({
    secret,
    token: code,
    epoch: epochMs / 1000,
    epochTolerance: ALLOWED_DRIFT_SECONDS,
    period: TOTP_PERIOD_SECONDS,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
  });
  // `delta` is the matched step's offset from the current one (otplib types `timeStep` as HOTP's too).
  return result.valid ? totpStep(epochMs) + result.delta : undefined;
}

/**
 * The `otpauth://` URI authenticator apps read (Google Authenticator's key URI format). Not
 * otplib's generateURI: 13.5 leaves out algorithm, digits and period at their defaults, and this
 * URI states them.
 */
export function totpUri(params: {
  readonly issuer: string;
  readonly label: string;
  readonly secretBase32: string;
}): string {
  const issuer = encodeURIComponent(params.issuer);
  const label = encodeURIComponent(params.label);
  const query = `secret=${params.secretBase32}&issuer=${issuer}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
  return `otpauth://totp/${issuer}:${label}?${query}`;
}
