import { randomBytes } from 'node:crypto';
import type { Account } from '../accounts.js';
import { signIn } from '../accounts.js';
import { call, jsonOf, type Target } from '../http-client.js';
import { mailedToken } from '../outbox.js';

const MAIL_WAIT_MS = 10_000;

/** A fresh address and a random password, for an account the suite registers. */
export function newTestAccount(domain: string): Account {
  return {
    email: `security-suite-${randomBytes(6).toString('hex')}@${domain}`,
    password: randomBytes(24).toString('base64url'),
  };
}

/**
 * Registers a verified account the way a person does: sign up, then follow the link of the
 * verification mail, read from the development outbox directory (MAIL_OUTBOX_DIR of the deployment).
 */
export async function registerAccount(
  target: Target,
  outboxDir: string,
  account: Account,
): Promise<Account> {
  const register = await call(target, 'POST', '/auth/register', {
    body: { email: account.email, password: account.password },
  });
  if (register.status !== 202) {
    throw new Error(
      `Registration answered ${String(register.status)} (is it open?): ${register.body.toString('utf8').slice(0, 200)}`,
    );
  }
  const token = await waitFor(() => mailedToken(outboxDir, account.email, 'bev'));
  const verify = await call(target, 'POST', '/auth/verify-email', { body: { token } });
  if (verify.status !== 204) {
    throw new Error(`E-mail verification answered ${String(verify.status)}`);
  }
  return account;
}

async function waitFor<T>(read: () => T): Promise<T> {
  const deadline = Date.now() + MAIL_WAIT_MS;
  for (;;) {
    try {
      return read();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * What the API lets a black box undo: every session of each test account ends, and with an
 * administrator the accounts are locked, so that nothing the suite made stays usable.
 * Answers what could not be done, one line each.
 */
export async function retireAccounts(
  target: Target,
  accounts: readonly Account[],
  admin: Account | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const adminToken = admin === undefined ? undefined : await signIn(target, admin);
  for (const account of accounts) {
    try {
      const token = await signIn(target, account);
      const me = jsonOf<{ id: string }>(await call(target, 'GET', '/users/me', { token }));
      await call(target, 'POST', '/auth/logout-all', { token });
      if (adminToken !== undefined) {
        // Locking revokes the account's sessions too.
        const lock = await call(target, 'POST', `/admin/users/${me.id}/lock`, {
          token: adminToken,
        });
        if (lock.status !== 204) {
          problems.push(`locking ${account.email} answered ${String(lock.status)}`);
        }
      }
    } catch (error) {
      problems.push(`${account.email}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (adminToken !== undefined) {
    await call(target, 'POST', '/auth/logout', { token: adminToken });
  }
  return problems;
}
