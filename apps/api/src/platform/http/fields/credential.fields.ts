import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

/** RFC 5321 caps a forward path at 256 octets, so an address at 254 characters. */
export const EMAIL_MAX = 254;
/**
 * A transport bound only: the policy counts code points and refuses beyond 128 with a reason.
 * Nothing is trimmed or normalised: the password is checked and hashed exactly as typed.
 */
const PASSWORD_TRANSPORT_MAX = 1024;

export const EmailField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: EMAIL_MAX }),
    IsEmail({}, { message: '$property must be an e-mail address' }),
    MaxLength(EMAIL_MAX),
  );

export const PasswordField = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ description, format: 'password', maxLength: PASSWORD_TRANSPORT_MAX }),
    IsString(),
    MaxLength(PASSWORD_TRANSPORT_MAX),
  );

/** Opaque tokens are 47 characters today; the bound leaves room for a longer format. */
export const OPAQUE_TOKEN_MAX = 100;

export const AccountTokenField = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ description, maxLength: OPAQUE_TOKEN_MAX }),
    IsString(),
    MaxLength(OPAQUE_TOKEN_MAX),
  );
