import { ApiProperty } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../../platform/route-access/authenticated-user.js';

/** The session of the access token that asks, as every request already knows it. */
export class CurrentSessionDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'uuid' })
  readonly userId: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When the password was last proved in this session: login or re-authentication.',
  })
  readonly authenticatedAt: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a second factor was last proved in this session; null: never.',
  })
  readonly mfaVerifiedAt: string | null;

  @ApiProperty({
    description: 'The role requires MFA and none is enrolled: enrolment routes only.',
  })
  readonly mfaEnrolmentRequired: boolean;

  @ApiProperty({ format: 'date-time', description: 'The session ends then at the latest.' })
  readonly expiresAt: string;

  constructor(user: AuthenticatedUser) {
    this.id = user.sessionId;
    this.userId = user.userId;
    this.authenticatedAt = new Date(user.authenticatedAt).toISOString();
    this.mfaVerifiedAt =
      user.mfaVerifiedAt === null ? null : new Date(user.mfaVerifiedAt).toISOString();
    this.mfaEnrolmentRequired = user.mfaEnrolmentRequired;
    this.expiresAt = new Date(user.expiresAt).toISOString();
  }
}
