import { createHmac } from 'node:crypto';
import { call, jsonOf, type Target } from './http-client.js';

/** A test account the fuzzer signs in with; `totpSecret` (base32) when it has MFA. */
export interface Account {
  readonly email: string;
  readonly password: string;
  readonly totpSecret?: string;
  /** A session to start with: saves a sign-in, and a TOTP step when one was just used. */
  readonly accessToken?: string;
}

const TOTP_STEP_MS = 30_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 6238 with the authenticator-app defaults: SHA-1, 30 s steps, 6 digits. */
export function totpCode(secretBase32: string, epochMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochMs / TOTP_STEP_MS)));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = (mac.at(-1) ?? 0) & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of text.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(character);
    if (value < 0) {
      throw new Error('The TOTP secret is not base32');
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

/**
 * Signs in as a client would and answers the access token. With MFA, a code already used in the
 * current step is refused as a replay: the next step's code is tried once.
 */
export async function signIn(target: Target, account: Account): Promise<string> {
  const login = await call(target, 'POST', '/auth/login', {
    body: { email: account.email, password: account.password },
  });
  const answer = jsonOf<{ accessToken?: string; mfaToken?: string }>(login);
  if (login.status !== 200) {
    throw new Error(`Sign-in of ${account.email} answered ${login.status}`);
  }
  if (answer.accessToken !== undefined) {
    return answer.accessToken;
  }
  if (answer.mfaToken === undefined || account.totpSecret === undefined) {
    throw new Error(`${account.email} needs a second factor: give its TOTP secret`);
  }
  for (const wait of [0, TOTP_STEP_MS - (Date.now() % TOTP_STEP_MS) + 500]) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const verified = await call(target, 'POST', '/auth/mfa/verify', {
      body: { mfaToken: answer.mfaToken, code: totpCode(account.totpSecret, Date.now()) },
    });
    if (verified.status === 200) {
      return jsonOf<{ accessToken: string }>(verified).accessToken;
    }
  }
  throw new Error(`The second factor of ${account.email} was refused`);
}

/** A signed-in session that signs in again when the fuzzer has revoked it (logout, say). */
export class Session {
  private token: string | undefined;

  constructor(
    private readonly target: Target,
    private readonly account: Account,
  ) {
    this.token = account.accessToken;
  }

  async accessToken(): Promise<string> {
    this.token ??= await signIn(this.target, this.account);
    return this.token;
  }

  async renew(): Promise<void> {
    this.token = await signIn(this.target, this.account);
  }
}
