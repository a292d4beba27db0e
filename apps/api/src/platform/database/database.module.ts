import { Module, type DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, getMetadataArgsStorage, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from './database.config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { DatabaseSetupError } from './database-setup.error.js';
import { TypeOrmLogger } from './typeorm.logger.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly database: DatabaseConfig };

export interface DatabaseModuleOptions {
  /** The API migrates at start outside production; the CLI never does (`db:migrate` is explicit). */
  readonly runMigrationsAtStart: boolean;
  /** Every entity class of the application: the API and the CLI pass the same list. */
  readonly entities: readonly (new () => object)[];
}

@Module({})
export class DatabaseModule {
  static forRoot({ runMigrationsAtStart, entities }: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG, APP_LOGGER],
          useFactory: (config: SectionsRead, logger: BulwarkLogger) => ({
            ...dataSourceOptions(config),
            logger: new TypeOrmLogger(logger),
            entities: [...entities],
            migrationsRun: runMigrationsAtStart,
            // A database that is down at boot is retried; a refusal to open it is final.
            toRetry: (error: unknown) => !(error instanceof DatabaseSetupError),
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (options === undefined) {
              throw new DatabaseSetupError('DatabaseModule: no data source options');
            }
            assertEveryEntityRegistered(entities);
            return new DataSource(options).initialize();
          },
        }),
      ],
    };
  }
}

/**
 * Refuses to open the database when an `@Entity` class loaded in this process is missing from
 * the list: its table would be invisible to key rotation and retirement, whose data it would lose.
 */
function assertEveryEntityRegistered(entities: readonly (new () => object)[]): void {
  const registered = new Set<unknown>(entities);
  const missing = getMetadataArgsStorage()
    .tables.filter((table) => table.type === 'regular' && !registered.has(table.target))
    .map((table) => (typeof table.target === 'function' ? table.target.name : table.target));
  if (missing.length > 0) {
    throw new DatabaseSetupError(
      `Entities not registered with DatabaseModule: ${missing.join(', ')}`,
    );
  }
}
