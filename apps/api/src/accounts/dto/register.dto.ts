import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { EmailField, PasswordField } from './credentials.js';

export const DISPLAY_NAME_MAX = 100;

export class RegisterDto {
  @EmailField()
  email: string;

  @PasswordField(
    'At least 12 characters (PASSWORD_MIN_LENGTH), at most 128; not a common password.',
  )
  password: string;

  @ApiPropertyOptional({ maxLength: DISPLAY_NAME_MAX })
  @IsOptional()
  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  @Matches(/^\P{Cc}*$/u, { message: 'must not contain control characters' })
  displayName?: string;
}
