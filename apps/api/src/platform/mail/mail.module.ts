import type { MailConfig } from './mail.config.js';
import { Module } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_CONFIG } from '../config/config.module.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import type { MailTransport } from './mail.transport.js';
import { MailService } from './mail.service.js';
import { OutboxTransport } from './outbox.transport.js';
import { SmtpTransport } from './smtp.transport.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly mail: MailConfig };

/** Account mail; needs the global APP_CONFIG and APP_LOGGER. */
@Module({
  providers: [
    {
      provide: MailService,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: SectionsRead, logger: BulwarkLogger) => {
        const { transport } = config.mail;
        const chosen: MailTransport =
          transport.kind === 'smtp'
            ? new SmtpTransport(transport.endpoint, transport.caFile)
            : new OutboxTransport(transport.directory);
        return new MailService(config.mail.from, chosen, logger);
      },
    },
  ],
  exports: [MailService],
})
export class MailModule {}
