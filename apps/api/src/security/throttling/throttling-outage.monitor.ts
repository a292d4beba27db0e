import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { RATE_LIMIT_NAMES, RATE_LIMIT_POLICIES } from './throttling.policies.js';

/**
 * Tells the audit trail once per outage that rate limiting lost its shared store, and once when
 * it has it back: the first failed and the first successful count after a change, per instance.
 */
@Injectable()
export class ThrottlingOutageMonitor {
  private storeDown = false;

  constructor(private readonly audit: AuditService) {}

  /** The last count failed: the next one that succeeds ends the outage. */
  get storeIsDown(): boolean {
    return this.storeDown;
  }

  async storeFailed(): Promise<void> {
    if (!this.storeDown) {
      this.storeDown = true;
      await this.record('sys_monitor_disabled');
    }
  }

  async storeAnswered(): Promise<void> {
    if (this.storeDown) {
      this.storeDown = false;
      await this.record('sys_monitor_enabled');
    }
  }

  private async record(event: 'sys_monitor_disabled' | 'sys_monitor_enabled'): Promise<void> {
    const down = event === 'sys_monitor_disabled';
    const byMode = (mode: 'open' | 'closed') =>
      RATE_LIMIT_NAMES.filter((name) => RATE_LIMIT_POLICIES[name].whenStoreDown === mode);
    await this.audit
      .record({
        event,
        outcome: down ? 'failure' : 'success',
        actor: 'system',
        target: 'monitor:rate-limit',
        metadata: down ? { refusing: byMode('closed'), notLimiting: byMode('open') } : {},
      })
      // A refused row is still logged (stored: false); the request is not failed for it.
      .catch(() => undefined);
  }
}
