import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OffsetPageQuery } from '../../../platform/http/offset-page.query.js';
import { {{SINGULAR}}_SORTS, type {{Singular}}ListRequest, type {{Singular}}Sort } from '../{{singular}}.types.js';

export class List{{Plural}}Query extends OffsetPageQuery implements {{Singular}}ListRequest {
  @ApiPropertyOptional({ enum: {{SINGULAR}}_SORTS, default: '-createdAt', description: '`-`: descending.' })
  @IsIn({{SINGULAR}}_SORTS)
  sort: {{Singular}}Sort = '-createdAt';
}
