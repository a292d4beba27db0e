import { BASE32_ALPHABET } from '../../src/identity/mfa/base32.js';
import { totpCode, TOTP_PERIOD_SECONDS } from '../../src/identity/mfa/totp.js';

export const TOTP_STEP_MS = TOTP_PERIOD_SECONDS * 1000;

/**
 * What an authenticator app does with the secret a setup shows: decode its base32 and compute
 * the code for a given time, `offsetSteps` periods away from it.
 */
export function authenticatorCode(secretBase32: string, epochMs: number, offsetSteps = 0): string {
  return totpCode(decodeBase32(secretBase32), epochMs + offsetSteps * TOTP_STEP_MS);
}

function decodeBase32(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of text) {
    const value = BASE32_ALPHABET.indexOf(character);
    if (value < 0) {
      throw new Error(`Not base32: ${text}`);
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}
