import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AuthenticationResponseDto } from '../../webauthn/dto/webauthn-response.dto.js';
import { WebAuthnResponseField } from './passkeys.dto.js';
import {
  AccountTokenField,
  PasswordField,
} from '../../../platform/http/fields/credential.fields.js';

const TOTP_CODE = /^\d{6}$/;
const TOTP_CODE_SCHEMA = { pattern: TOTP_CODE.source, minLength: 6, maxLength: 6 } as const;
const RECOVERY_CODE_MAX = 32;

const TotpCodeField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      description: 'The 6 digits the authenticator app shows now.',
      example: '123456',
      ...TOTP_CODE_SCHEMA,
    }),
    IsString(),
    Matches(TOTP_CODE, { message: 'must be 6 digits' }),
  );

export class MfaCodeDto {
  @TotpCodeField()
  code: string;
}

export class MfaVerifyDto {
  @AccountTokenField('The mfaToken of the password step (`bmt_…`).')
  mfaToken: string;

  @ApiPropertyOptional({
    description: 'A TOTP code; send this, recoveryCode or passkey.',
    ...TOTP_CODE_SCHEMA,
  })
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE, { message: 'must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({
    description: 'One of the recovery codes, e.g. abcd-efgh-ijkl.',
    maxLength: RECOVERY_CODE_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(RECOVERY_CODE_MAX)
  recoveryCode?: string;

  @IsOptional()
  @WebAuthnResponseField(
    AuthenticationResponseDto,
    'Or a passkey assertion for the options of POST /auth/mfa/passkey-options, as toJSON() gives it.',
  )
  passkey?: AuthenticationResponseDto;
}

/** A TOTP code or a passkey assertion, proving the second factor again. */
export class StepUpDto {
  @ApiPropertyOptional({ description: 'A TOTP code; send this or passkey.', ...TOTP_CODE_SCHEMA })
  @IsOptional()
  @IsString()
  @Matches(TOTP_CODE, { message: 'must be 6 digits' })
  code?: string;

  @IsOptional()
  @WebAuthnResponseField(
    AuthenticationResponseDto,
    'Or a passkey assertion for the options of POST /auth/mfa/step-up/passkey-options.',
  )
  passkey?: AuthenticationResponseDto;
}

export class DisableMfaDto {
  @PasswordField('The account password.')
  password: string;

  @TotpCodeField()
  code: string;
}
