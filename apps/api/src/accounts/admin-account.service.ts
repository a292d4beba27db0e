import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { NewPasswordService } from './new-password.service.js';

/** The first admin (and any later one made by an operator): never over HTTP, only from the CLI. */
@Injectable()
export class AdminAccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly newPasswords: NewPasswordService,
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
}
