import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import { AdminAccountService } from '../identity/accounts/admin-account.service.js';
import { APP_ENTITIES } from '../app.entities.js';
import { NewPasswordService } from '../identity/accounts/new-password.service.js';
import { AuditModule } from '../security/audit/audit.module.js';
import type { AppConfig } from '../app.config.js';
import { ConfigModule } from '../platform/config/config.module.js';
import { DatabaseModule } from '../platform/database/database.module.js';
import { FieldEncryptionModule } from '../security/field-encryption/field-encryption.module.js';
import { IpBansModule } from '../security/ip-bans/ip-bans.module.js';
import { createAppLogger } from '../platform/logging/app-logger.factory.js';
import { LoggingModule } from '../platform/logging/logging.module.js';
import { WinstonNestLogger } from '../platform/logging/winston-nest.logger.js';
import { MfaModule } from '../identity/mfa/mfa.module.js';
import { PasswordsModule } from '../security/passwords/passwords.module.js';
import { RedisModule } from '../platform/redis/redis.module.js';
import { ExpiredRowsRepository } from '../identity/retention/expired-rows.repository.js';
import { RetentionService } from '../identity/retention/retention.service.js';
import { SessionsModule } from '../identity/sessions/sessions.module.js';
import { UsersModule } from '../identity/users/users.module.js';
import { FileStoreModule } from '../platform/file-store/file-store.module.js';
import { AttachmentMaintenanceModule } from '../resources/notes/attachments/attachment-maintenance.module.js';
import { MalwareScanModule } from '../security/malware-scan/malware-scan.module.js';

/** The modules that own data, without HTTP: what data commands (migrate, rotate, admin:create, mfa:reset, attachments:…) need. */
@Module({})
class CliDataModule {
  static forRoot(config: AppConfig, logger: BulwarkLogger): DynamicModule {
    return {
      module: CliDataModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        AuditModule,
        DatabaseModule.forRoot({ runMigrationsAtStart: false, entities: APP_ENTITIES }),
        FieldEncryptionModule,
        UsersModule,
        PasswordsModule,
        MfaModule,
        RedisModule,
        // SessionService reports refresh-token reuse to it.
        IpBansModule,
        SessionsModule,
        FileStoreModule,
        MalwareScanModule,
        AttachmentMaintenanceModule,
      ],
      // The purge without its schedule: a command runs it once, on demand.
      providers: [NewPasswordService, AdminAccountService, ExpiredRowsRepository, RetentionService],
    };
  }
}

/** `config` connected as the role that owns the schema: for db:migrate and audit:archive. */
export function asSchemaOwner(config: AppConfig): AppConfig {
  return { ...config, database: { ...config.database, url: config.database.migrationUrl } };
}

/**
 * Runs `command` with a database connection opened for it and closed after. Commands that need no
 * data (`keys:generate`, `tls:dev-cert`, `--help`) never connect.
 */
export async function withDataContext<T>(
  config: AppConfig,
  command: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  // Security events of data commands (e.g. crypt_decrypt_fail during a rotation) reach the sinks
  // at the configured level; the console shows warnings and errors only, on stderr, so that a
  // person sees the command's own output and stdout carries nothing else.
  const logger = createAppLogger(config, { consoleStream: process.stderr, consoleLevel: 'warn' });
  const context = await NestFactory.createApplicationContext(
    CliDataModule.forRoot(config, logger),
    {
      // Nest's start-up chatter is noise on a terminal; a failure reaches the command's one line.
      logger: new WinstonNestLogger(logger, new Set(['warn'])),
      abortOnError: false,
    },
  );
  try {
    return await command(context);
  } finally {
    await context.close();
    await logger.flush();
    logger.close();
  }
}
