import { Injectable } from '@nestjs/common';
import { RequestRefusals, type InvalidInputRefusal } from '../../platform/http/request-refusals.js';
import { AuditService } from './audit.service.js';

/** Refused input in the audit trail: a mass-assignment attempt, or a plain validation failure. */
@Injectable()
export class AuditedRequestRefusals extends RequestRefusals {
  constructor(private readonly audit: AuditService) {
    super();
  }

  async recordInvalidInput(refusal: InvalidInputRefusal): Promise<void> {
    await this.audit
      .record({
        event: refusal.massAssignment ? 'malicious_extraneous' : 'input_validation_fail',
        outcome: 'failure',
        target: refusal.route,
        metadata: refusal.metadata,
      })
      // The event is in the log stream even when its row is not; the client still gets its 400.
      .catch(() => undefined);
  }
}
