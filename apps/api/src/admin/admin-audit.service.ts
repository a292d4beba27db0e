import { Injectable } from '@nestjs/common';
import type { AuditEventRow } from '../security/audit/audit-chain.js';
import {
  AuditEventRepository,
  type AuditEventFilter,
} from '../security/audit/audit-event.repository.js';
import { AuditService } from '../security/audit/audit.service.js';

/** Reading the audit trail is itself recorded: who looked, and for what. */
@Injectable()
export class AdminAuditService {
  constructor(
    private readonly events: AuditEventRepository,
    private readonly audit: AuditService,
  ) {}

  async search(filter: AuditEventFilter): Promise<AuditEventRow[]> {
    const rows = await this.events.search(filter);
    await this.audit.record({
      event: 'sensitive_read',
      outcome: 'success',
      target: 'audit_events',
      metadata: {
        ...(filter.event !== undefined && { event: filter.event }),
        ...(filter.userId !== undefined && { userId: filter.userId }),
        returned: rows.length,
      },
    });
    return rows;
  }
}
