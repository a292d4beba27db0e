import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

/** The query of a download link, as DownloadLinkDto.url carries it. */
export class DownloadQuery {
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: 99_999_999_999,
    description: 'Unix seconds.',
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(99_999_999_999)
  expires: number;

  /** Any string up to the bound: a malformed one is refused like a forged one (404), not as 400. */
  @ApiProperty({ maxLength: 128, description: '`<key id>.<base64url HMAC-SHA256>`' })
  @IsString()
  @MaxLength(128)
  signature: string;
}
