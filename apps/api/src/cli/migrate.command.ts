import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { asSchemaOwner, withDataContext } from './data-context.js';

@Command({
  name: 'db:migrate',
  description: 'Apply pending database migrations, as the role of DATABASE_MIGRATION_URL if set',
})
export class MigrateCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const applied = await withDataContext(asSchemaOwner(this.config), (context) =>
      context.get(DataSource).runMigrations({ transaction: 'each' }),
    );
    process.stdout.write(
      applied.length === 0
        ? 'No pending migrations.\n'
        : `Applied: ${applied.map((migration) => migration.name).join(', ')}\n`,
    );
  }
}
