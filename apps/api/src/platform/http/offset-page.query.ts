import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IntegerInRange } from './fields/integer-in-range.validator.js';

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
  @IntegerInRange(1, PAGE_SIZE_MAX)
  limit = 20;

  // Exact as a number and within PostgreSQL's bigint OFFSET: 1e20 is an integer and was a 500.
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
    default: 0,
  })
  @Type(() => Number)
  @IntegerInRange(0, Number.MAX_SAFE_INTEGER)
  offset = 0;
}
