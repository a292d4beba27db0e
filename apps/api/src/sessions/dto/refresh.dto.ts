import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh (`brt_…`).' })
  @IsString()
  @MaxLength(100)
  refreshToken: string;
}
