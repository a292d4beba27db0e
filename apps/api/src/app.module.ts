import { Module, type DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { AdminModule } from './admin/admin.module.js';
import { APP_ENTITIES } from './app.entities.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { FieldEncryptionModule } from './field-encryption/field-encryption.module.js';
import { HealthModule } from './health/health.module.js';
import { IpBansModule } from './ip-bans/ip-bans.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { InFlightRequests } from './http/in-flight-requests.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { createValidationPipe } from './http/validation.pipe.js';
import { NotesModule } from './notes/notes.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { ThrottlingModule } from './throttling/throttling.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    logger: BulwarkLogger,
    extraImports: DynamicModule['imports'] = [],
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        DatabaseModule.forRoot({
          // A separate owner role (DATABASE_MIGRATION_URL) migrates with db:migrate only.
          runMigrationsAtStart:
            !config.isProduction && config.database.migrationUrl === config.database.url,
          entities: APP_ENTITIES,
        }),
        RedisModule,
        AuditModule,
        IpBansModule,
        // Before AuthModule: its guard then runs first, so floods of bad tokens are throttled too.
        ThrottlingModule,
        AuthModule,
        AccountsModule,
        AdminModule,
        FieldEncryptionModule,
        HealthModule,
        NotesModule,
        RetentionModule,
        TokensModule,
        UsersModule,
        ...extraImports,
      ],
      providers: [
        InFlightRequests,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
