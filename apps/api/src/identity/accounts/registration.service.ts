import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { isUniqueViolation } from '../../platform/database/postgres-errors.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountMailService } from './account-mail.service.js';
import { AccountTokenService } from './account-token.service.js';
import { AccountWorkQueue } from './account-work.queue.js';
import { NewPasswordService } from './new-password.service.js';

export interface Registration {
  readonly email: string;
  readonly password: string;
  readonly displayName?: string;
}

/**
 * Registration answers the same for every address: the policy check and the hash happen first,
 * for everyone; what depends on the address existing runs after the response (AccountWorkQueue).
 * A new address gets an account and a verification mail. A taken, verified one gets a mail to its
 * owner. A taken, unverified one may have been registered by someone else first (account
 * pre-hijacking): its verification links are voided and the mailbox gets a link to choose the
 * password, so no verification ever activates a password its verifier did not set.
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly newPasswords: NewPasswordService,
    private readonly tokens: AccountTokenService,
    private readonly mail: AccountMailService,
    private readonly work: AccountWorkQueue,
    private readonly audit: AuditService,
  ) {}

  /** @throws PasswordRejectedError, PasswordHashingBusyError, AccountWorkBusyError */
  async register(registration: Registration): Promise<void> {
    const passwordHash = await this.newPasswords.hash(registration.password, registration.email);
    this.work.enqueue('register', () => this.complete(registration, passwordHash));
  }

  /** @throws InvalidAccountTokenError */
  async verifyEmail(token: string): Promise<void> {
    const userId = await this.tokens.consume('emailVerification', token);
    await this.users.markEmailVerified(userId);
    await this.audit.record({
      event: 'user_updated',
      outcome: 'success',
      actor: userId,
      target: `user:${userId}`,
      metadata: { emailVerified: true },
    });
  }

  private async complete(registration: Registration, passwordHash: string): Promise<void> {
    const existing = await this.users.findByEmail(registration.email);
    if (existing !== null) {
      return this.notifyOwner(existing);
    }
    let user: User;
    try {
      user = await this.users.create({
        email: registration.email,
        passwordHash,
        displayName: registration.displayName ?? null,
        roles: ['user'],
      });
    } catch (error) {
      const winner = isUniqueViolation(error)
        ? await this.users.findByEmail(registration.email)
        : null;
      if (winner === null) {
        throw error;
      }
      return this.notifyOwner(winner);
    }
    await this.audit.record({
      event: 'user_created',
      outcome: 'success',
      actor: user.id,
      target: `user:${user.id}`,
      metadata: { roles: ['user'] },
    });
    await this.mail.verifyEmail(user.email, await this.tokens.issue('emailVerification', user.id));
  }

  private async notifyOwner(user: User): Promise<void> {
    if (user.emailVerifiedAt !== null) {
      await this.mail.alreadyRegistered(user.email);
      return;
    }
    await this.tokens.voidAll('emailVerification', user.id);
    await this.mail.finishRegistration(
      user.email,
      await this.tokens.issue('passwordReset', user.id),
    );
  }
}
