import { authenticatorCode } from './authenticator.js';
import {
  apiClient,
  bodyOf,
  type ApiEndpoint,
  type ApiResponse,
  type MfaChallenge,
  type MfaProof,
  type MfaTokens,
  type Tokens,
} from './api-client.js';
import { GOOD_PASSWORD, login, registerVerified } from './identity.js';
import type { TestApp } from './test-app.js';

export const PROBLEM = 'urn:bulwark:problem:';

/**
 * A user whose authenticator app holds `secret`. `anchorMs` is when the confirming code (offset 0)
 * was computed; {@link EnrolledUser.nextCode} is that time's code one step ahead. Both are accepted
 * wherever the current step is when they arrive, as long as at most one step boundary has passed
 * since `anchorMs`: offset 0 is then the current step or one back, offset 1 the current or one ahead.
 */
export interface EnrolledUser {
  readonly email: string;
  /** The session the user enrolled in (it counts as verified with a second factor). */
  readonly tokens: Tokens;
  readonly secret: string;
  readonly recoveryCodes: readonly string[];
  readonly anchorMs: number;
  /** The one code still unused whatever the step now: the step after the confirming code's. */
  readonly nextCode: string;
}

export function requestIdOf(response: Response): string {
  const id = response.headers.get('x-request-id');
  if (id === null) {
    throw new Error('response without X-Request-Id');
  }
  return id;
}

/** POST /auth/mfa/totp/setup then confirm with the current code: returns the recovery codes. */
export async function enrolTotp(
  api: ApiEndpoint,
  accessToken: string,
): Promise<{ secret: string; recoveryCodes: string[]; anchorMs: number }> {
  const client = apiClient(api);
  const setup = await bodyOf(client.totpSetup(accessToken));
  const anchorMs = Date.now();
  const code = authenticatorCode(setup.secret, anchorMs);
  const confirmed = await bodyOf(client.totpConfirm(code, accessToken));
  return { secret: setup.secret, recoveryCodes: [...confirmed.recoveryCodes], anchorMs };
}

/** A verified account, logged in once, with TOTP enrolled in that session. */
export async function enrolledUser(api: TestApp, email: string): Promise<EnrolledUser> {
  await registerVerified(api, email);
  const tokens = await login(api, email);
  const enrolled = await enrolTotp(api, tokens.accessToken);
  return {
    email,
    tokens,
    ...enrolled,
    nextCode: authenticatorCode(enrolled.secret, enrolled.anchorMs, 1),
  };
}

/** The password step of a login that must answer with an MFA challenge. */
export async function passwordStep(
  api: ApiEndpoint,
  email: string,
  password = GOOD_PASSWORD,
): Promise<MfaChallenge> {
  return apiClient(api).passwordStep(email, password);
}

export function verifyMfa(
  api: ApiEndpoint,
  mfaToken: string,
  proof: MfaProof,
): Promise<ApiResponse<MfaTokens>> {
  return apiClient(api).verifyMfa(mfaToken, proof);
}

/**
 * A well-formed code that is none of the codes from three steps back to three steps ahead: wrong
 * whatever the step when it arrives.
 */
export function wrongCode(secret: string): string {
  const now = Date.now();
  const valid = new Set(
    [-3, -2, -1, 0, 1, 2, 3].map((offset) => authenticatorCode(secret, now, offset)),
  );
  for (let candidate = 0; ; candidate += 1) {
    const code = String(candidate).padStart(6, '0');
    if (!valid.has(code)) {
      return code;
    }
  }
}

/** The raw key behind a base32 secret (RFC 4648, unpadded), to look for it in other encodings. */
export function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = Array.from(text, (character) => {
    const value = alphabet.indexOf(character);
    if (value < 0) {
      throw new Error(`Not base32: ${text}`);
    }
    return value.toString(2).padStart(5, '0');
  }).join('');
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}
