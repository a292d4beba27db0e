import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { MigrateCommand } from './migrate.command.js';
import { TlsDevCertCommand } from './tls-dev-cert.command.js';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config)],
      providers: [MigrateCommand, TlsDevCertCommand],
    };
  }
}
