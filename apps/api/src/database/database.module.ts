import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';

export interface DatabaseModuleOptions {
  /** The API migrates at start outside production; the CLI never does (`db:migrate` is explicit). */
  readonly runMigrationsAtStart: boolean;
}

@Module({})
export class DatabaseModule {
  static forRoot({ runMigrationsAtStart }: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions(config),
            migrationsRun: runMigrationsAtStart,
            autoLoadEntities: true,
          }),
        }),
      ],
    };
  }
}
