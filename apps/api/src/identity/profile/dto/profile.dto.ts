import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user-role.entity.js';
import type { ProfileRow } from '../../users/users.repository.js';

/** What a user may see of their own account; hashes and blind indexes never leave the server. */
export class ProfileDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'email' })
  readonly email: string;

  @ApiProperty({ type: String, nullable: true })
  readonly displayName: string | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  readonly roles: readonly Role[];

  @ApiProperty()
  readonly mfaEnabled: boolean;

  @ApiProperty()
  readonly emailVerified: boolean;

  constructor(profile: ProfileRow) {
    this.id = profile.id;
    this.email = profile.email;
    this.displayName = profile.displayName;
    this.roles = profile.roles;
    this.mfaEnabled = profile.mfaEnabled;
    this.emailVerified = profile.emailVerified;
  }
}
