import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { withDataContext } from '../cli/data-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuditEventRepository } from './audit-event.repository.js';
import { AuditVerifyService, describeChainBreak } from './audit-verify.service.js';

@Command({
  name: 'audit:verify',
  description:
    'Check the audit_events hash chain; exit 1 naming the first altered, deleted, inserted or reordered row',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    // Built by hand: verifying needs the database only, not the logger the AuditModule records with.
    const result = await withDataContext(this.config, (context) =>
      new AuditVerifyService(new AuditEventRepository(context.get(DataSource))).verify(),
    );
    if (result.broken !== undefined) {
      process.stdout.write(
        `audit chain BROKEN after ${result.verified} intact events: ${describeChainBreak(result.broken)}\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`audit chain intact: ${result.verified} events\n`);
  }
}
