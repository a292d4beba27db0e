import { ApiProperty } from '@nestjs/swagger';
import { ProfileDto } from '../../identity/profile/dto/profile.dto.js';
import { OffsetPageDto } from '../../platform/http/page.js';
import type { AdministeredUser } from '../admin-users.service.js';

/** What the user sees of their profile, and the account state an administrator manages. */
export class AdminUserDto extends ProfileDto {
  @ApiProperty()
  readonly locked: boolean;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  constructor({ user, roles, mfaEnabled }: AdministeredUser) {
    super(
      {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        emailVerified: user.emailVerifiedAt !== null,
      },
      { roles, mfaEnabled },
    );
    this.locked = user.lockedAt !== null;
    this.createdAt = user.createdAt.toISOString();
  }
}

export class AdminUserPageDto extends OffsetPageDto(
  AdminUserDto,
  (user: AdministeredUser) => new AdminUserDto(user),
  { total: 'All users matching the query, whatever the page.' },
) {}
