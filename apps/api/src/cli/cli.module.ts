import { Module, type DynamicModule } from '@nestjs/common';
import { AdminCreateCommand, AdminPasswordQuestions } from './admin-create.command.js';
import { AttachmentsRescanCommand } from './attachments-rescan.command.js';
import { AttachmentsSweepCommand } from './attachments-sweep.command.js';
import { AuditArchiveCommand } from './audit-archive.command.js';
import { AuditVerifyCommand } from './audit-verify.command.js';
import type { AppConfig } from '../app.config.js';
import { ConfigModule } from '../platform/config/config.module.js';
import { DbPurgeCommand } from './db-purge.command.js';
import { IpBansLiftCommand } from './ip-bans-lift.command.js';
import { JwtGenerateKeyCommand } from './jwt-generate-key.command.js';
import { KeysGenerateCommand } from './keys-generate.command.js';
import { KeysRetireCommand } from './keys-retire.command.js';
import { KeysRotateCommand } from './keys-rotate.command.js';
import { KeysStatusCommand } from './keys-status.command.js';
import { MailListCommand } from './mail-list.command.js';
import { MailShowCommand } from './mail-show.command.js';
import { MfaResetCommand } from './mfa-reset.command.js';
import { MigrateCommand } from './migrate.command.js';
import { TlsCheckCommand } from './tls-check.command.js';
import { TlsDevCertCommand } from './tls-dev-cert.command.js';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config)],
      providers: [
        MigrateCommand,
        TlsDevCertCommand,
        TlsCheckCommand,
        KeysGenerateCommand,
        JwtGenerateKeyCommand,
        KeysStatusCommand,
        KeysRotateCommand,
        KeysRetireCommand,
        AuditVerifyCommand,
        AuditArchiveCommand,
        AdminCreateCommand,
        AdminPasswordQuestions,
        MfaResetCommand,
        IpBansLiftCommand,
        DbPurgeCommand,
        MailListCommand,
        MailShowCommand,
        AttachmentsRescanCommand,
        AttachmentsSweepCommand,
      ],
    };
  }
}
