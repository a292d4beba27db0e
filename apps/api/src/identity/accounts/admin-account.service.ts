import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { MfaService } from '../mfa/mfa.service.js';
import { SessionService } from '../sessions/session.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { NewPasswordService } from './new-password.service.js';

/**
 * What operators do from the CLI, never over HTTP: create an admin, and remove the second factor
 * of a user who lost both the authenticator and the recovery codes.
 */
@Injectable()
export class AdminAccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly newPasswords: NewPasswordService,
    private readonly mfa: MfaService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A verified account with the roles `user` and `admin`. An existing address is refused rather
   * than promoted: granting a role to someone else's account must be a deliberate, audited act.
   * @throws PasswordRejectedError, or an Error when the address already has an account
   */
  async create(email: string, password: string): Promise<string> {
    if ((await this.users.findByEmail(email)) !== null) {
      throw new Error('An account already has this e-mail address; nothing was changed');
    }
    const passwordHash = await this.newPasswords.hash(password, email);
    const user = await this.users.create({
      email,
      passwordHash,
      emailVerifiedAt: new Date(),
      roles: ['user', 'admin'],
    });
    await this.audit.record({
      event: 'user_created',
      outcome: 'success',
      actor: 'system',
      target: `user:${user.id}`,
      metadata: { roles: ['user', 'admin'], via: 'cli' },
    });
    await this.audit.record({
      event: 'privilege_permissions_changed',
      outcome: 'success',
      actor: 'system',
      target: `user:${user.id}`,
      metadata: { granted: ['admin'], via: 'cli' },
    });
    return user.id;
  }

  /**
   * Removes the user's TOTP secret, recovery codes and passkeys and ends every session: the next login asks
   * for the password only (and, for a role that requires MFA, for a new enrolment). Run it only
   * after verifying the person out of band (docs/runbooks/mfa-reset.md).
   * @throws an Error when no account has this address
   */
  async resetMfa(email: string): Promise<string> {
    const user = await this.users.findByEmail(email);
    if (user === null) {
      throw new Error('No account has this e-mail address; nothing was changed');
    }
    await this.mfa.removeAll(user.id);
    const revoked = await this.sessions.revoke({ userId: user.id }, 'mfa_reset');
    await this.audit.record({
      event: 'user_updated',
      outcome: 'success',
      actor: 'system',
      target: `user:${user.id}`,
      metadata: {
        factor: 'all',
        change: 'reset_by_operator',
        sessions: revoked.length,
        via: 'cli',
      },
    });
    return user.id;
  }
}
