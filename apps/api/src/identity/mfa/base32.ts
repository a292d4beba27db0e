import { ScureBase32Plugin } from 'otplib';

// RFC 4648 §6 alphabet; authenticator apps expect it upper-case and unpadded.
export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const base32 = new ScureBase32Plugin();

/** RFC 4648 base32, upper-case, without padding (otplib's @scure/base plugin). */
export function encodeBase32(bytes: Uint8Array): string {
  return base32.encode(bytes, { padding: false });
}
