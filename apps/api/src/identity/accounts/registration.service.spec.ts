import { beforeEach, describe, expect, it } from 'vitest';
import { fake, recordingAudit } from '../../../test/support/fakes.js';
import type { User } from '../users/user.entity.js';
import type { NewUser, UsersRepository } from '../users/users.repository.js';
import type { AccountMailService } from './account-mail.service.js';
import type { AccountTokenKind, AccountTokenService } from './account-token.service.js';
import type { AccountWorkQueue } from './account-work.queue.js';
import type { NewPasswordService } from './new-password.service.js';
import { RegistrationService } from './registration.service.js';

const EMAIL = 'ada@example.com';

describe(RegistrationService.name, () => {
  let existing: User | null;
  let createdUsers: NewUser[];
  let mails: string[];
  let voided: string[];
  let queued: (() => Promise<void>)[];
  let registration: RegistrationService;

  beforeEach(() => {
    existing = null;
    createdUsers = [];
    mails = [];
    voided = [];
    queued = [];
    const mailed = (kind: string) => (to: string, token?: string) => {
      mails.push([kind, to, token].filter(Boolean).join(' '));
      return Promise.resolve();
    };
    registration = new RegistrationService(
      fake<UsersRepository>({
        findByEmail: () => Promise.resolve(existing),
        create: (user: NewUser) => {
          createdUsers.push(user);
          return Promise.resolve(fake<User>({ id: 'new-user', email: user.email }));
        },
      }),
      fake<NewPasswordService>({ hash: () => Promise.resolve('$argon2id$hash') }),
      fake<AccountTokenService>({
        issue: (kind: AccountTokenKind, userId: string) => Promise.resolve(`${kind}-of-${userId}`),
        voidAll: (kind: AccountTokenKind, userId: string) => {
          voided.push(`${kind} ${userId}`);
          return Promise.resolve();
        },
      }),
      fake<AccountMailService>({
        verifyEmail: mailed('verify'),
        alreadyRegistered: mailed('already-registered'),
        finishRegistration: mailed('finish-registration'),
      }),
      fake<AccountWorkQueue>({
        enqueue: (_name: string, task: () => Promise<void>) => {
          queued.push(task);
        },
      }),
      recordingAudit(),
    );
  });

  /** Registers, checks that nothing depending on the address ran before answering, then runs it. */
  async function register(): Promise<void> {
    await registration.register({ email: EMAIL, password: 'correct horse battery staple' });
    expect(mails).toEqual([]);
    expect(createdUsers).toEqual([]);
    for (const task of queued.splice(0)) {
      await task();
    }
  }

  it('creates a plain user for a new address and mails it a verification link', async () => {
    await register();
    expect(createdUsers).toEqual([
      { email: EMAIL, passwordHash: '$argon2id$hash', displayName: null, roles: ['user'] },
    ]);
    expect(mails).toEqual([`verify ${EMAIL} emailVerification-of-new-user`]);
  });

  it('tells the owner of a verified address, and creates nothing', async () => {
    existing = fake<User>({ id: 'owner', email: EMAIL, emailVerifiedAt: new Date() });
    await register();
    expect(createdUsers).toEqual([]);
    expect(voided).toEqual([]);
    expect(mails).toEqual([`already-registered ${EMAIL}`]);
  });

  it('voids the verification links of a taken, unverified address and mails a reset link instead', async () => {
    existing = fake<User>({ id: 'squatter', email: EMAIL, emailVerifiedAt: null });
    await register();
    expect(createdUsers).toEqual([]);
    expect(voided).toEqual(['emailVerification squatter']);
    expect(mails).toEqual([`finish-registration ${EMAIL} passwordReset-of-squatter`]);
  });
});
