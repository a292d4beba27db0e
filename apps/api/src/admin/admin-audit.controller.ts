import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../platform/route-access/authorization.decorators.js';
import { ApiProblemResponse } from '../platform/http/api-problem-response.decorator.js';
import { AdminAuditService } from './admin-audit.service.js';
import { AuditEventPageDto } from './dto/audit-event.dto.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/audit-events')
export class AdminAuditController {
  constructor(private readonly audit: AdminAuditService) {}

  @Get()
  @RequirePermissions('audit:read')
  @ApiOperation({
    summary: 'Search the audit trail',
    description:
      'Newest first, filtered by event name, user and time range; page backwards with `beforeSeq`. Needs audit:read.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblemResponse(400, 'An unknown event name, a malformed id or date, or a bad page size.')
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    return new AuditEventPageDto(await this.audit.search(query), query.limit);
  }
}
