import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../users/user-role.entity.js';
import type { AccountRow } from '../../users/users.repository.js';
import type { AuthenticatedUser } from '../../../platform/route-access/authenticated-user.js';

/** What a user may see of their own account; hashes and blind indexes never leave the server. */
export class ProfileDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'email' })
  readonly email: string;

  @ApiProperty({ type: String, nullable: true })
  readonly displayName: string | null;

  @ApiProperty({ enum: ROLES, isArray: true })
  readonly roles: readonly string[];

  @ApiProperty()
  readonly mfaEnabled: boolean;

  @ApiProperty()
  readonly emailVerified: boolean;

  constructor(account: AccountRow, principal: Pick<AuthenticatedUser, 'roles' | 'mfaEnabled'>) {
    this.id = account.id;
    this.email = account.email;
    this.displayName = account.displayName;
    this.roles = principal.roles;
    this.mfaEnabled = principal.mfaEnabled;
    this.emailVerified = account.emailVerified;
  }
}
