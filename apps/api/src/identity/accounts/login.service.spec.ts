import { beforeEach, describe, expect, it } from 'vitest';
import { fake, recordingAudit } from '../../../test/support/fakes.js';
import type { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';
import type { MfaLoginService } from '../mfa/mfa-login.service.js';
import type { MfaService } from '../mfa/mfa.service.js';
import type { SessionMfaState, SessionService } from '../sessions/session.service.js';
import { AccountLockedError } from '../sessions/sessions.errors.js';
import type { Role } from '../users/user-role.entity.js';
import type { User } from '../users/user.entity.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { MfaConfig } from '../mfa/mfa.config.js';
import type { AccountsConfig } from './accounts.config.js';
import { EmailNotVerifiedError, InvalidCredentialsError } from './accounts.errors.js';
import { LoginService } from './login.service.js';

const CLIENT = { ip: null, userAgent: null };
const TOKENS = {
  accessToken: 'access',
  refreshToken: 'refresh',
  tokenType: 'Bearer',
  expiresIn: 600,
} as const;

describe(LoginService.name, () => {
  /** Whom the password check verifies; undefined for a wrong password. */
  let verified: User | undefined;
  let mfaEnabled: boolean;
  let roles: Role[];
  let requireVerifiedEmail: boolean;
  let started: SessionMfaState[];
  let challenged: string[];
  let audit: ReturnType<typeof recordingAudit>;

  const ada = (changes: Partial<User> = {}): User =>
    fake<User>({
      id: 'ada',
      credentialVersion: 2,
      emailVerifiedAt: new Date(),
      lockedAt: null,
      ...changes,
    });

  beforeEach(() => {
    verified = ada();
    mfaEnabled = false;
    roles = ['user'];
    requireVerifiedEmail = true;
    started = [];
    challenged = [];
    audit = recordingAudit();
  });

  function login(): ReturnType<LoginService['login']> {
    const service = new LoginService(
      fake<PasswordAuthenticator>({ authenticate: () => Promise.resolve(verified) }),
      fake<SessionService>({
        start: (_credential, _client, mfa) => {
          started.push(mfa);
          return Promise.resolve({ ...TOKENS, sessionId: 'session-1' });
        },
      }),
      fake<MfaService>({ methodsOf: () => Promise.resolve(mfaEnabled ? ['totp'] : []) }),
      fake<MfaLoginService>({
        challenge: ({ userId }) => {
          challenged.push(userId);
          return Promise.resolve({ mfaRequired: true, mfaToken: 'bmt_x', methods: ['totp'] });
        },
      }),
      fake<UsersRepository>({ rolesOf: () => Promise.resolve(roles) }),
      audit,
      {
        accounts: fake<AccountsConfig>({ requireVerifiedEmail }),
        mfa: fake<MfaConfig>({ requiredRoles: ['admin'] }),
      },
    );
    return service.login('ada@example.com', 'the password', CLIENT);
  }

  it('starts a session for the right password of a verified account, audited', async () => {
    expect(await login()).toEqual(TOKENS);
    expect(started).toEqual([{ verified: false, enrolmentRequired: false }]);
    expect(audit.recorded).toEqual([
      expect.objectContaining({ event: 'authn_login_success', target: 'session:session-1' }),
    ]);
  });

  it('refuses a wrong password without starting anything', async () => {
    verified = undefined;
    await expect(login()).rejects.toThrow(InvalidCredentialsError);
    expect(started).toEqual([]);
    expect(challenged).toEqual([]);
  });

  it('refuses an unverified address while verification is required', async () => {
    verified = ada({ emailVerifiedAt: null });
    await expect(login()).rejects.toThrow(EmailNotVerifiedError);
    expect(started).toEqual([]);
  });

  it('lets an unverified address in when verification is not required', async () => {
    verified = ada({ emailVerifiedAt: null });
    requireVerifiedEmail = false;
    expect(await login()).toEqual(TOKENS);
  });

  it('gives a locked account no second step and no session, audited', async () => {
    verified = ada({ lockedAt: new Date() });
    mfaEnabled = true;
    await expect(login()).rejects.toThrow(AccountLockedError);
    expect(challenged).toEqual([]);
    expect(started).toEqual([]);
    expect(audit.recorded).toEqual([
      expect.objectContaining({
        event: 'authn_login_fail',
        outcome: 'failure',
        metadata: { reason: 'account_locked' },
      }),
    ]);
  });

  it('answers an account with MFA with a challenge instead of a session', async () => {
    mfaEnabled = true;
    expect(await login()).toMatchObject({ mfaRequired: true });
    expect(challenged).toEqual(['ada']);
    expect(started).toEqual([]);
  });

  it('limits to enrolment the session of a role that requires MFA none is enrolled for', async () => {
    roles = ['user', 'admin'];
    await login();
    expect(started).toEqual([{ verified: false, enrolmentRequired: true }]);
  });
});
