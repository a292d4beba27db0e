import type { EntityManager } from 'typeorm';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fake,
  FAKE_MANAGER,
  inFakeTransaction,
  recordingAudit,
} from '../../../test/support/fakes.js';
import type { LoginLockoutService } from '../../security/lockout/login-lockout.service.js';
import type { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';
import type { MfaChallengesRepository } from '../mfa/mfa-challenges.repository.js';
import type { SessionRevocationReason } from '../sessions/session.entity.js';
import type { SessionService } from '../sessions/session.service.js';
import type { SessionSelection } from '../sessions/sessions.repository.js';
import type { User } from '../users/user.entity.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { AccountMailService } from './account-mail.service.js';
import type { AccountTokenKind, AccountTokenService } from './account-token.service.js';
import type { AccountWorkQueue } from './account-work.queue.js';
import { InvalidAccountTokenError } from './accounts.errors.js';
import type { NewPasswordService } from './new-password.service.js';
import { PasswordResetService } from './password-reset.service.js';

const EMAIL = 'ada@example.com';

describe(PasswordResetService.name, () => {
  let user: User | null;
  /** Each write, and whether it ran inside the revocation's transaction. */
  let writes: string[];
  let revocations: { selection: SessionSelection; reason: SessionRevocationReason }[];
  let lifted: string[];
  let mails: string[];
  let queued: (() => Promise<void>)[];
  let resets: PasswordResetService;

  beforeEach(() => {
    user = fake<User>({ id: 'ada', email: EMAIL });
    writes = [];
    revocations = [];
    lifted = [];
    mails = [];
    queued = [];
    const write =
      (name: string) =>
      (...args: unknown[]) => {
        writes.push(`${name}${args.includes(FAKE_MANAGER) ? ' (in transaction)' : ''}`);
        return Promise.resolve();
      };
    resets = new PasswordResetService(
      fake<UsersRepository>({
        findByEmail: () => Promise.resolve(user),
        findById: () => Promise.resolve(user),
        updatePasswordHash: write('update password hash'),
        markEmailVerified: write('mark e-mail verified'),
      }),
      fake<AccountTokenService>({
        issue: (kind: AccountTokenKind, userId: string) => Promise.resolve(`${kind}-of-${userId}`),
        userOf: () => Promise.resolve('ada'),
        consume: (kind: AccountTokenKind, ...rest: unknown[]) =>
          write(`consume ${kind}`)(...rest).then(() => 'ada'),
        voidAll: (kind: AccountTokenKind, ...rest: unknown[]) => write(`void ${kind}`)(...rest),
      }),
      fake<MfaChallengesRepository>({ voidForUser: write('void MFA challenges') }),
      fake<NewPasswordService>({ hash: () => Promise.resolve('$argon2id$new') }),
      fake<SessionService>({
        revoke: async (
          selection: SessionSelection,
          reason: SessionRevocationReason,
          together?: (manager: EntityManager) => Promise<void>,
        ) => {
          await inFakeTransaction(async (manager) => together?.(manager));
          revocations.push({ selection, reason });
          return ['session-1'];
        },
      }),
      fake<LoginLockoutService>({
        reset: (key: string) => {
          lifted.push(key);
          return Promise.resolve();
        },
      }),
      fake<PasswordAuthenticator>({ lockoutKey: (email: string) => `lockout-of-${email}` }),
      fake<AccountMailService>({
        resetPassword: (to: string, token: string) => {
          mails.push(`reset ${to} ${token}`);
          return Promise.resolve();
        },
        passwordChanged: (to: string) => {
          mails.push(`changed ${to}`);
          return Promise.resolve();
        },
      }),
      fake<AccountWorkQueue>({
        enqueue: (_name: string, task: () => Promise<void>) => {
          queued.push(task);
        },
      }),
      recordingAudit(),
    );
  });

  async function runQueued(): Promise<void> {
    for (const task of queued.splice(0)) {
      await task();
    }
  }

  it('mails a reset link to a known address only, after answering', async () => {
    resets.requestReset(EMAIL);
    expect(mails).toEqual([]);
    await runQueued();
    expect(mails).toEqual([`reset ${EMAIL} passwordReset-of-ada`]);

    user = null;
    resets.requestReset('nobody@example.com');
    await runQueued();
    expect(mails).toHaveLength(1);
  });

  it('replaces the password and ends every session in one transaction that spends the token', async () => {
    await resets.reset('bpr_token', 'a new passphrase');

    expect(revocations).toEqual([{ selection: { userId: 'ada' }, reason: 'password_reset' }]);
    expect(writes).toEqual([
      'consume passwordReset (in transaction)',
      'update password hash (in transaction)',
      'mark e-mail verified (in transaction)',
      'void emailVerification (in transaction)',
      'void MFA challenges (in transaction)',
    ]);
    expect(lifted).toEqual([`lockout-of-${EMAIL}`]);
    await runQueued();
    expect(mails).toEqual([`changed ${EMAIL}`]);
  });

  it('refuses a token whose user is gone, changing nothing', async () => {
    user = null;
    await expect(resets.reset('bpr_token', 'a new passphrase')).rejects.toThrow(
      InvalidAccountTokenError,
    );
    expect(writes).toEqual([]);
    expect(revocations).toEqual([]);
  });
});
