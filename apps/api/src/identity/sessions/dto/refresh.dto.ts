import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const REFRESH_TOKEN_MAX = 100;

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token of the last login or refresh (`brt_…`).',
    maxLength: REFRESH_TOKEN_MAX,
  })
  @IsString()
  @MaxLength(REFRESH_TOKEN_MAX)
  refreshToken: string;
}
