import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { readOutbox } from '../platform/mail/outbox.reader.js';
import { outboxDirectory } from './outbox-directory.js';

@Command({
  name: 'mail:list',
  description: 'List the development outbox, newest first: date, recipient, subject, id',
})
export class MailListCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const directory = outboxDirectory(this.config);
    const messages = await readOutbox(directory);
    if (messages.length === 0) {
      process.stdout.write(`no mail in ${directory}\n`);
      return;
    }
    for (const message of messages) {
      const date = message.date?.toISOString() ?? '-';
      process.stdout.write(`${date}  ${message.to}  ${message.subject}  ${message.id}\n`);
    }
  }
}
