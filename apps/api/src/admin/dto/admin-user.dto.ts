import { ApiProperty } from '@nestjs/swagger';
import { ProfileDto } from '../../identity/profile/dto/profile.dto.js';
import type { AdministeredUser, AdministeredUserPage } from '../admin-users.service.js';

/** What the user sees of their profile, and the account state an administrator manages. */
export class AdminUserDto extends ProfileDto {
  @ApiProperty()
  readonly locked: boolean;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  constructor({ user, roles, mfaEnabled }: AdministeredUser) {
    super(user, roles, mfaEnabled);
    this.locked = user.lockedAt !== null;
    this.createdAt = user.createdAt.toISOString();
  }
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserDto] })
  readonly items: readonly AdminUserDto[];

  @ApiProperty({ type: 'integer', format: 'int32' })
  readonly limit: number;

  @ApiProperty({ type: 'integer', format: 'int64' })
  readonly offset: number;

  @ApiProperty({
    type: 'integer',
    format: 'int64',
    description: 'All users matching the query, whatever the page.',
  })
  readonly total: number;

  constructor(page: AdministeredUserPage, limit: number, offset: number) {
    this.items = page.users.map((user) => new AdminUserDto(user));
    this.limit = limit;
    this.offset = offset;
    this.total = page.total;
  }
}
