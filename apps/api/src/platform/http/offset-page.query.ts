import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** No list answers more than this many items at once, whatever the client asks. */
export const PAGE_SIZE_MAX = 100;

/** `limit` and `offset` of a paginated list; list queries extend it with their own filters. */
export class OffsetPageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: PAGE_SIZE_MAX,
    default: 20,
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  limit = 20;

  // Exact as a number and within PostgreSQL's bigint OFFSET: 1e20 passes @IsInt() and was a 500.
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: 0,
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset = 0;
}
