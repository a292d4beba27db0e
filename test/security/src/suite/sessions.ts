import type { Account } from '../accounts.js';
import { call, jsonOf, type Target } from '../http-client.js';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** A fresh session of a test account (verified, no MFA), as a client signs in. */
export async function startSession(target: Target, account: Account): Promise<Tokens> {
  const login = await call(target, 'POST', '/auth/login', {
    body: { email: account.email, password: account.password },
  });
  if (login.status !== 200) {
    throw new Error(
      `Sign-in of test account ${account.email} answered ${String(login.status)}: ${login.body.toString('utf8').slice(0, 200)}`,
    );
  }
  const tokens = jsonOf<Partial<Tokens>>(login);
  if (tokens.accessToken === undefined || tokens.refreshToken === undefined) {
    throw new Error(`Test account ${account.email} must have no second factor`);
  }
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

/** Whether the access token still opens the caller's profile (200) rather than a 401. */
export async function accessStatus(target: Target, accessToken: string): Promise<number> {
  return (await call(target, 'GET', '/users/me', { token: accessToken })).status;
}
