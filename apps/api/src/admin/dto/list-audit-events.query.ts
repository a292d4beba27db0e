import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsUUID } from 'class-validator';
import { AUDIT_EVENT_NAMES, type AuditEventName } from '../../security/audit/audit-event-name.js';
import { IntegerInRange } from '../../platform/http/fields/integer-in-range.validator.js';
import { PAGE_SIZE_MAX } from '../../platform/http/offset-page.query.js';

export class ListAuditEventsQuery {
  @ApiPropertyOptional({ enum: AUDIT_EVENT_NAMES })
  @IsOptional()
  @IsIn(AUDIT_EVENT_NAMES)
  event?: AuditEventName;

  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 36,
    description: 'Events the user caused or underwent.',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'The `nextBeforeSeq` of the previous page.',
  })
  @IsOptional()
  @Type(() => Number)
  @IntegerInRange(1, Number.MAX_SAFE_INTEGER)
  beforeSeq?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: PAGE_SIZE_MAX,
    default: 50,
  })
  @Type(() => Number)
  @IntegerInRange(1, PAGE_SIZE_MAX)
  limit = 50;
}
