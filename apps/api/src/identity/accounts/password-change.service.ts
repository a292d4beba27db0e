import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import { SessionService } from '../sessions/session.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountMailService } from './account-mail.service.js';
import { AccountTokenService } from './account-token.service.js';
import { AccountWorkQueue } from './account-work.queue.js';
import { CurrentPasswordIncorrectError } from '../credentials/credentials.errors.js';
import { MfaChallengesRepository } from '../mfa/mfa-challenges.repository.js';
import { NewPasswordService } from './new-password.service.js';
import { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';

@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly authenticator: PasswordAuthenticator,
    private readonly newPasswords: NewPasswordService,
    private readonly sessions: SessionService,
    private readonly tokens: AccountTokenService,
    private readonly challenges: MfaChallengesRepository,
    private readonly mail: AccountMailService,
    private readonly work: AccountWorkQueue,
    private readonly audit: AuditService,
  ) {}

  /**
   * Needs the current password (a stolen access token alone cannot take the account over), under
   * the same lockout as login. Revokes every other session of the user (the caller's stays) and
   * voids reset links already mailed.
   * @throws CurrentPasswordIncorrectError, LoginLockedError, PasswordRejectedError, PasswordHashingBusyError
   */
  async change(
    caller: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.users.findById(caller.userId);
    if (user === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    const authenticated = await this.authenticator.authenticate({
      email: user.email,
      password: currentPassword,
      failureEvent: 'authn_password_change_fail',
    });
    if (authenticated?.id !== user.id) {
      throw new CurrentPasswordIncorrectError();
    }
    const passwordHash = await this.newPasswords.hash(newPassword, user.email);
    await this.sessions.revoke(
      { userId: user.id, exceptSessionId: caller.sessionId },
      'password_change',
      async (manager) => {
        await this.users.updatePasswordHash(user.id, passwordHash, manager);
        // A reset link mailed, or a login's second step begun, before the change would outlive it.
        await this.tokens.voidAll('passwordReset', user.id, manager);
        await this.challenges.voidForUser(user.id, manager);
      },
    );
    await this.audit.record({
      event: 'authn_password_change',
      outcome: 'success',
      target: `user:${user.id}`,
      metadata: { method: 'change' },
    });
    this.work.enqueue('password-changed-mail', () => this.mail.passwordChanged(user.email));
  }
}
