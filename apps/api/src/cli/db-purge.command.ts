import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { RetentionService } from '../identity/retention/retention.service.js';
import { withDataContext } from './data-context.js';

@Command({
  name: 'db:purge',
  description: `Delete sessions, mailed tokens and MFA challenges that ended RETENTION_GRACE_DAYS ago`,
})
export class DbPurgeCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const purged = await withDataContext(this.config, (context) =>
      context.get(RetentionService).purge(),
    );
    process.stdout.write(
      `purged ${purged.sessions} sessions, ${purged.accountTokens} mailed tokens, ${purged.mfaChallenges} MFA challenges\n`,
    );
  }
}
