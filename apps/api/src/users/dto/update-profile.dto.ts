import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { DISPLAY_NAME_MAX } from '../../accounts/dto/register.dto.js';

/** The only writable field; roles, e-mail and flags sent here are refused as unknown (400). */
export class UpdateProfileDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: DISPLAY_NAME_MAX })
  @IsOptional()
  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  @Matches(/^\P{Cc}*$/u, { message: 'must not contain control characters' })
  displayName?: string | null;
}
