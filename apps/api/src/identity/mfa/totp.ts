import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 6238 on node:crypto rather than otplib: the core is a few lines of HMAC; written here, it
// takes the injected clock, returns the matched time step that replay protection stores, compares
// in constant time, and adds no dependency whose major versions change its API.

/** The authenticator-app defaults (RFC 6238 §4, Google Authenticator): SHA-1, 6 digits, 30 s. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
const TOTP_ALGORITHM = 'sha1';
/** RFC 4226 §4 asks for at least 128 bits and recommends 160: the length of a SHA-1 block output. */
const TOTP_SECRET_BYTES = 20;
/** RFC 6238 §6: at most one step of clock drift either way. */
const ALLOWED_DRIFT_STEPS = 1;
const DIGITS = /^[0-9]+$/;

export function generateTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The RFC 6238 time step (T) that contains `epochMs`. */
export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 6238 TOTP: the RFC 4226 HOTP of the time step, with dynamic truncation. */
export function totpCode(secret: Uint8Array, epochMs: number, digits = TOTP_DIGITS): string {
  return hotp(secret, totpStep(epochMs), digits);
}

/**
 * The time step `code` belongs to, trying the current step and then one step either side; undefined
 * when it matches none. Each candidate is compared in constant time.
 */
export function matchTotp(secret: Uint8Array, code: string, epochMs: number): number | undefined {
  if (code.length !== TOTP_DIGITS || !DIGITS.test(code)) {
    return undefined;
  }
  const presented = Buffer.from(code, 'ascii');
  const current = totpStep(epochMs);
  let matched: number | undefined;
  for (const step of [current, current - ALLOWED_DRIFT_STEPS, current + ALLOWED_DRIFT_STEPS]) {
    const expected = Buffer.from(hotp(secret, step, TOTP_DIGITS), 'ascii');
    // Every candidate is computed and compared, so timing tells nothing about which one matched.
    if (timingSafeEqual(expected, presented) && matched === undefined) {
      matched = step;
    }
  }
  return matched;
}

/** The `otpauth://` URI authenticator apps read (Google Authenticator's key URI format). */
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

function hotp(secret: Uint8Array, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac(TOTP_ALGORITHM, secret).update(message).digest();
  // RFC 4226 §5.3: the low nibble of the last byte picks 31 bits at that offset.
  const offset = (digest.at(-1) ?? 0) & 0x0f;
  const truncated = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(truncated % 10 ** digits).padStart(digits, '0');
}
