// RFC 4648 §6 alphabet; authenticator apps expect it upper-case and unpadded.
export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BITS_PER_CHARACTER = 5;

/** RFC 4648 base32, upper-case, without padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= BITS_PER_CHARACTER) {
      bits -= BITS_PER_CHARACTER;
      text += BASE32_ALPHABET.charAt((buffer >>> bits) & 0x1f);
    }
    // Keep only the bits not yet written, so the buffer never outgrows 32 bits.
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) {
    text += BASE32_ALPHABET.charAt((buffer << (BITS_PER_CHARACTER - bits)) & 0x1f);
  }
  return text;
}
