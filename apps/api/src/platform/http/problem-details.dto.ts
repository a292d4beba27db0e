import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI schema of the RFC 9457 body every error response carries. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' })
  readonly type: string;

  @ApiProperty({ example: 'Bad Request' })
  readonly title: string;

  @ApiProperty({ example: 400 })
  readonly status: number;

  @ApiPropertyOptional()
  readonly detail?: string;

  @ApiProperty({ description: 'Echoes X-Request-Id; quote it to support.' })
  readonly requestId: string;
}
