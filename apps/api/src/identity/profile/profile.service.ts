import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { ProfileDto } from './dto/profile.dto.js';
import { UsersRepository } from '../users/users.repository.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The account row, one read on its primary key; roles and MFA state are the caller's principal,
   * which every change to them drops from the cache (PrincipalInvalidation) before it answers.
   */
  async get(user: AuthenticatedUser): Promise<ProfileDto> {
    const account = await this.users.accountOf(user.userId);
    if (account === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    return new ProfileDto(account, user);
  }

  async updateDisplayName(
    user: AuthenticatedUser,
    displayName: string | null | undefined,
  ): Promise<ProfileDto> {
    const { userId } = user;
    if (displayName !== undefined) {
      await this.users.updateDisplayName(userId, displayName);
      await this.audit.record({
        event: 'user_updated',
        outcome: 'success',
        target: `user:${userId}`,
        metadata: { fields: ['displayName'] },
      });
    }
    return this.get(user);
  }
}
