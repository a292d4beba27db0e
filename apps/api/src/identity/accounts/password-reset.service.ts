import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { LoginLockoutService } from '../../security/lockout/login-lockout.service.js';
import { SessionService } from '../sessions/session.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountMailService } from './account-mail.service.js';
import { AccountTokenService } from './account-token.service.js';
import { AccountWorkQueue } from './account-work.queue.js';
import { InvalidAccountTokenError } from './accounts.errors.js';
import { MfaChallengesRepository } from '../mfa/mfa-challenges.repository.js';
import { NewPasswordService } from './new-password.service.js';
import { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';

/** Forgotten passwords: a single-use link by mail; using it replaces the password and ends every session. */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokenService,
    private readonly challenges: MfaChallengesRepository,
    private readonly newPasswords: NewPasswordService,
    private readonly sessions: SessionService,
    private readonly lockout: LoginLockoutService,
    private readonly authenticator: PasswordAuthenticator,
    private readonly mail: AccountMailService,
    private readonly work: AccountWorkQueue,
    private readonly audit: AuditService,
  ) {}

  /** Same answer and timing for every address: the lookup runs after the response. */
  requestReset(email: string): void {
    this.work.enqueue('password-reset-request', async () => {
      const user = await this.users.findByEmail(email);
      // An unknown address gets nothing: mailing it would make this route a spam relay.
      if (user !== null) {
        await this.mail.resetPassword(
          user.email,
          await this.tokens.issue('passwordReset', user.id),
        );
      }
    });
  }

  /**
   * Sets the new password and revokes every session of the user, in one transaction that also
   * spends the token (of two concurrent resets with one token, one wins). Mailbox control is
   * proven, so the address counts as verified and its lockout is lifted.
   * @throws InvalidAccountTokenError, PasswordRejectedError, PasswordHashingBusyError
   */
  async reset(token: string, newPassword: string): Promise<void> {
    const userId = await this.tokens.userOf('passwordReset', token);
    const user = await this.users.findById(userId);
    if (user === null) {
      throw new InvalidAccountTokenError();
    }
    const passwordHash = await this.newPasswords.hash(newPassword, user.email);
    await this.sessions.revoke({ userId }, 'password_reset', async (manager) => {
      await this.tokens.consume('passwordReset', token, manager);
      await this.users.updatePasswordHash(userId, passwordHash, manager);
      await this.users.markEmailVerified(userId, manager);
      // Verification links of an earlier registration must not verify anything after this.
      await this.tokens.voidAll('emailVerification', userId, manager);
      // A second step begun with the old password must not complete after the reset.
      await this.challenges.voidForUser(userId, manager);
    });
    // Mailbox control is proven: the resetting client may sign in at once.
    await this.lockout.reset(this.authenticator.lockoutKey(user.email));
    await this.audit.record({
      event: 'authn_password_change',
      outcome: 'success',
      actor: userId,
      target: `user:${userId}`,
      metadata: { method: 'reset' },
    });
    this.work.enqueue('password-changed-mail', () => this.mail.passwordChanged(user.email));
  }
}
