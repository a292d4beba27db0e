import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermissions } from '../auth/authorization.decorators.js';
import { ApiProblemResponse } from '../http/api-problem-response.decorator.js';
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
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblemResponse(400, 'An unknown event name, a malformed id or date, or a bad page size.')
  @ApiProblemResponse(
    403,
    'The caller lacks audit:read, has no MFA, or has not proved it recently (step-up).',
  )
  async list(@Query() query: ListAuditEventsQuery): Promise<AuditEventPageDto> {
    return new AuditEventPageDto(await this.audit.search(query), query.limit);
  }
}
