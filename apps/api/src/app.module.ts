import { Module, type DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './identity/accounts/accounts.module.js';
import { MfaAuthenticationModule } from './identity/mfa/mfa-authentication.module.js';
import { AdminModule } from './admin/admin.module.js';
import { APP_ENTITIES } from './app.entities.js';
import { AuditModule } from './security/audit/audit.module.js';
import { CertificateExpiryModule } from './security/certificate-expiry/certificate-expiry.module.js';
import { AuthModule } from './access/access.module.js';
import type { AppConfig } from './app.config.js';
import { ConfigModule } from './platform/config/config.module.js';
import { DatabaseModule } from './platform/database/database.module.js';
import { FieldEncryptionModule } from './security/field-encryption/field-encryption.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { FileStoreModule } from './platform/file-store/file-store.module.js';
import { MalwareScanModule } from './security/malware-scan/malware-scan.module.js';
import { IpBansModule } from './security/ip-bans/ip-bans.module.js';
import { LoggingModule } from './platform/logging/logging.module.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { InFlightRequests } from './platform/http/in-flight-requests.js';
import { ProblemDetailsFilter } from './platform/http/problem-details.filter.js';
import { createValidationPipe } from './platform/http/validation.pipe.js';
import { RedisModule } from './platform/redis/redis.module.js';
import { RetentionModule } from './identity/retention/retention.module.js';
import { ThrottlingModule } from './security/throttling/throttling.module.js';
import { TokensModule } from './identity/tokens/tokens.module.js';
import { ProfileModule } from './identity/profile/profile.module.js';
import { RESOURCE_MODULES } from './resources/resources.js';

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
        MfaAuthenticationModule,
        AdminModule,
        FieldEncryptionModule,
        FileStoreModule,
        MalwareScanModule,
        HealthModule,
        MetricsModule,
        CertificateExpiryModule,
        ...RESOURCE_MODULES,
        RetentionModule,
        TokensModule,
        ProfileModule,
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
