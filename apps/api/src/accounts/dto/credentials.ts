import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';

/** RFC 5321 caps a forward path at 256 octets, so an address at 254 characters. */
const EMAIL_MAX = 254;
/**
 * A transport bound only: the policy counts code points and refuses beyond 128 with a reason.
 * Nothing is trimmed or normalised: the password is checked and hashed exactly as typed.
 */
const PASSWORD_TRANSPORT_MAX = 1024;

export const EmailField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ format: 'email', maxLength: EMAIL_MAX }),
    IsEmail({}, { message: 'must be an e-mail address' }),
    MaxLength(EMAIL_MAX),
  );

export const PasswordField = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ description, format: 'password' }),
    IsString(),
    MaxLength(PASSWORD_TRANSPORT_MAX),
  );

export const AccountTokenField = (description: string): PropertyDecorator =>
  applyDecorators(ApiProperty({ description }), IsString(), MaxLength(100));
