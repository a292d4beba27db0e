import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AccountTokenField, PasswordField } from './credentials.js';

const TotpCodeField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      description: 'The 6 digits the authenticator app shows now.',
      example: '123456',
    }),
    IsString(),
    Matches(/^\d{6}$/, { message: 'must be 6 digits' }),
  );

export class MfaCodeDto {
  @TotpCodeField()
  code: string;
}

export class MfaVerifyDto {
  @AccountTokenField('The mfaToken of the password step (`bmt_…`).')
  mfaToken: string;

  @ApiPropertyOptional({ description: 'A TOTP code; send this or recoveryCode.' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes, e.g. abcd-efgh-ijkl.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

export class DisableMfaDto {
  @PasswordField('The account password.')
  password: string;

  @TotpCodeField()
  code: string;
}
