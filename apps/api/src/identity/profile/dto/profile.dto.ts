import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user-role.entity.js';
import type { User } from '../../users/user.entity.js';

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

  constructor(user: User, roles: readonly Role[], mfaEnabled: boolean) {
    this.id = user.id;
    this.email = user.email;
    this.displayName = user.displayName;
    this.roles = roles;
    this.mfaEnabled = mfaEnabled;
    this.emailVerified = user.emailVerifiedAt !== null;
  }
}
