import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { ProfileDto } from './dto/profile.dto.js';
import { UsersRepository } from '../users/users.repository.js';

@Injectable()
export class ProfileService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async get(userId: string): Promise<ProfileDto> {
    const profile = await this.users.profileOf(userId);
    if (profile === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    return new ProfileDto(profile);
  }

  async updateDisplayName(
    userId: string,
    displayName: string | null | undefined,
  ): Promise<ProfileDto> {
    if (displayName !== undefined) {
      await this.users.updateDisplayName(userId, displayName);
      await this.audit.record({
        event: 'user_updated',
        outcome: 'success',
        target: `user:${userId}`,
        metadata: { fields: ['displayName'] },
      });
    }
    return this.get(userId);
  }
}
