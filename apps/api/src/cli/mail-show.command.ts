import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { readOutbox, type OutboxMessage } from '../platform/mail/outbox.reader.js';
import { outboxDirectory } from './outbox-directory.js';

interface MailShowOptions {
  readonly to?: string;
  readonly token?: boolean;
}

/**
 * `pnpm cli mail:show [id]`: a message of the development outbox decoded, its links, and its
 * token on a line of its own; `--token` prints the token alone, for `$(pnpm cli mail:show --token)`.
 */
@Command({
  name: 'mail:show',
  arguments: '[id]',
  description:
    'Print a message of the development outbox (default: the newest), its links and token',
})
export class MailShowCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run([id]: string[], options: MailShowOptions): Promise<void> {
    const message = pick(await readOutbox(outboxDirectory(this.config)), id, options.to);
    if (options.token === true) {
      if (message.token === undefined) {
        throw new Error(`Mail ${message.id} (${message.subject}) carries no token`);
      }
      process.stdout.write(`${message.token}\n`);
      return;
    }
    const lines = [
      `Id:      ${message.id}`,
      `Date:    ${message.date?.toISOString() ?? '-'}`,
      `To:      ${message.to}`,
      `Subject: ${message.subject}`,
      '',
      message.text.trimEnd(),
      '',
      ...(message.links.length === 0
        ? []
        : ['Links:', ...message.links.map((link) => `  ${link}`)]),
      ...(message.token === undefined ? [] : ['Token:', message.token]),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }

  @Option({ flags: '--to <address>', description: 'the newest message to this address' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--token', description: 'print only the token of the message' })
  parseToken(): boolean {
    return true;
  }
}

function pick(messages: readonly OutboxMessage[], id: string | undefined, to: string | undefined) {
  const address = to?.toLowerCase();
  const found = messages.find(
    (message) =>
      (id === undefined || message.id === id) &&
      (address === undefined || message.to.toLowerCase().split(', ').includes(address)),
  );
  if (found === undefined) {
    const which = [id && `id ${id}`, to && `to ${to}`].filter(Boolean).join(', ');
    throw new Error(`No mail${which === '' ? '' : ` with ${which}`} in the outbox`);
  }
  return found;
}
