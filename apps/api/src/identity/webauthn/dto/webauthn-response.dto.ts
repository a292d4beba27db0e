import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AuthenticationResponseJSON,
  AuthenticatorAssertionResponseJSON,
  AuthenticatorAttestationResponseJSON,
  AuthenticatorTransportFuture,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Bounds generous for any real authenticator (an attestation with its certificates included). */
const MAX = { id: 1366, clientData: 4096, authenticatorData: 4096, signature: 1024, object: 32768 };

const Base64UrlField = (description: string, maxLength: number): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ description, pattern: BASE64URL.source, maxLength }),
    IsString(),
    MaxLength(maxLength),
    Matches(BASE64URL, { message: '$property must be base64url' }),
  );

const OptionalBase64UrlField = (description: string, maxLength: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description, pattern: BASE64URL.source, maxLength }),
    IsOptional(),
    IsString(),
    MaxLength(maxLength),
    Matches(BASE64URL, { message: '$property must be base64url' }),
  );

const TRANSPORTS: readonly AuthenticatorTransportFuture[] = [
  'ble',
  'cable',
  'hybrid',
  'internal',
  'nfc',
  'smart-card',
  'usb',
];

/** The fields every PublicKeyCredential's `toJSON()` has (WebAuthn Level 3). */
abstract class PublicKeyCredentialJsonDto {
  @Base64UrlField('The credential id.', MAX.id)
  id: string;

  @Base64UrlField('The same id (raw bytes, base64url).', MAX.id)
  rawId: string;

  @ApiProperty({ enum: ['public-key'] })
  @IsIn(['public-key'])
  type: 'public-key';

  @ApiPropertyOptional({ enum: ['platform', 'cross-platform'] })
  @IsOptional()
  @IsIn(['platform', 'cross-platform'])
  authenticatorAttachment?: 'platform' | 'cross-platform';

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Passed through as the browser returned it; no extension is relied on.',
  })
  @IsObject()
  clientExtensionResults: Record<string, unknown>;
}

export class AttestationResponseDto implements AuthenticatorAttestationResponseJSON {
  @Base64UrlField('Signed by the browser: type, challenge, origin.', MAX.clientData)
  clientDataJSON: string;

  @Base64UrlField('The new credential and its attestation.', MAX.object)
  attestationObject: string;

  @OptionalBase64UrlField('Also inside attestationObject.', MAX.object)
  authenticatorData?: string;

  @ApiPropertyOptional({ enum: TRANSPORTS, isArray: true, maxItems: TRANSPORTS.length })
  @IsOptional()
  @ArrayMaxSize(TRANSPORTS.length)
  @IsIn(TRANSPORTS, { each: true })
  transports?: AuthenticatorTransportFuture[];

  @ApiPropertyOptional({ description: 'COSE algorithm id; also inside attestationObject.' })
  @IsOptional()
  @IsInt()
  publicKeyAlgorithm?: number;

  @OptionalBase64UrlField('SPKI public key; also inside attestationObject.', MAX.object)
  publicKey?: string;
}

export class AssertionResponseDto implements AuthenticatorAssertionResponseJSON {
  @Base64UrlField('Signed by the browser: type, challenge, origin.', MAX.clientData)
  clientDataJSON: string;

  @Base64UrlField('RP id hash, flags (user verified) and signature counter.', MAX.authenticatorData)
  authenticatorData: string;

  @Base64UrlField('Over authenticatorData and the hash of clientDataJSON.', MAX.signature)
  signature: string;

  @OptionalBase64UrlField('The user handle the passkey was created with.', 128)
  userHandle?: string;
}

/** What `navigator.credentials.create()` resolved to, as `credential.toJSON()` gives it. */
export class RegistrationResponseDto
  extends PublicKeyCredentialJsonDto
  implements RegistrationResponseJSON
{
  @ApiProperty({ type: AttestationResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AttestationResponseDto)
  response: AttestationResponseDto;
}

/** What `navigator.credentials.get()` resolved to, as `credential.toJSON()` gives it. */
export class AuthenticationResponseDto
  extends PublicKeyCredentialJsonDto
  implements AuthenticationResponseJSON
{
  @ApiProperty({ type: AssertionResponseDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AssertionResponseDto)
  response: AssertionResponseDto;
}
