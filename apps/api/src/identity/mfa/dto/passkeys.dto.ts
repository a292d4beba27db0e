import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { AccountTokenField } from '../../../platform/http/fields/credential.fields.js';
import { TextField } from '../../../platform/http/fields/text.fields.js';
import type { Passkey } from '../../webauthn/passkey.entity.js';
import {
  AuthenticationResponseDto,
  RegistrationResponseDto,
} from '../../webauthn/dto/webauthn-response.dto.js';
import { RequestOptionsDto } from '../../webauthn/dto/webauthn-options.dto.js';

/** The passkeys.name CHECK allows 64 code points. */
const PASSKEY_NAME_MAX = 64;

const PASSKEY_NAME = { min: 1, max: PASSKEY_NAME_MAX, singleLine: true } as const;

/** A nested WebAuthn response, validated field by field. */
export const WebAuthnResponseField = (
  type: typeof RegistrationResponseDto | typeof AuthenticationResponseDto,
  description: string,
): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type, description }),
    IsObject(),
    ValidateNested(),
    Type(() => type),
  );

export class PasskeyIdParams {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID()
  id: string;
}

export class RegisterPasskeyDto {
  @WebAuthnResponseField(RegistrationResponseDto, 'navigator.credentials.create(), as toJSON().')
  credential: RegistrationResponseDto;

  @ApiPropertyOptional({ minLength: 1, maxLength: PASSKEY_NAME_MAX, default: 'Passkey' })
  @IsOptional()
  @TextField(PASSKEY_NAME)
  name?: string;
}

export class RenamePasskeyDto {
  @ApiProperty({ minLength: 1, maxLength: PASSKEY_NAME_MAX })
  @TextField(PASSKEY_NAME)
  name: string;
}

export class MfaPasskeyOptionsDto {
  @AccountTokenField('The mfaToken of the password step (`bmt_…`).')
  mfaToken: string;
}

export class PasskeySignInDto {
  @AccountTokenField('The attemptToken the options came with (`bps_…`).')
  attemptToken: string;

  @WebAuthnResponseField(AuthenticationResponseDto, 'navigator.credentials.get(), as toJSON().')
  credential: AuthenticationResponseDto;
}

export class SignInOptionsDto extends RequestOptionsDto {
  @ApiProperty({
    description: 'Send it back with the assertion: it binds the challenge to this sign-in attempt.',
  })
  readonly attemptToken: string;

  constructor(attempt: { attemptToken: string; options: PublicKeyCredentialRequestOptionsJSON }) {
    super(attempt.options);
    this.attemptToken = attempt.attemptToken;
  }
}

export class PasskeyDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty()
  readonly name: string;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  readonly lastUsedAt: string | null;

  @ApiProperty({ description: 'Synced to a cloud account (a multi-device passkey).' })
  readonly backedUp: boolean;

  @ApiProperty({ type: [String], description: 'How the browser reaches the authenticator.' })
  readonly transports: readonly string[];

  constructor(passkey: Passkey) {
    this.id = passkey.id;
    this.name = passkey.name;
    this.createdAt = passkey.createdAt.toISOString();
    this.lastUsedAt = passkey.lastUsedAt?.toISOString() ?? null;
    this.backedUp = passkey.backedUp;
    this.transports = passkey.transports;
  }
}
