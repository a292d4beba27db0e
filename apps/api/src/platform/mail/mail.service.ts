import type { OnApplicationShutdown } from '@nestjs/common';
import { hasControlCharacters, mailDomain, parseMailbox } from '../config/mail-address.js';
import { InvalidMailMessageError } from './mail.errors.js';
import type { MailTransport } from './mail.transport.js';

/**
 * Plain text only: links in text are clickable in every client, and HTML would add templating,
 * escaping and sanitising work (and phishing-like markup) for no gain in token mails.
 */
export interface MailMessage {
  /** One address, `a@example.com` or `Name <a@example.com>`. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** The one log method the service needs; BulwarkLogger provides it. */
export interface MailLog {
  info(message: string, meta: Readonly<Record<string, unknown>>): unknown;
}

/**
 * Sends account mail (verification, password reset). Bodies and subjects carry tokens: they are
 * never logged; a line names the Message-ID and the recipient's domain only.
 */
export class MailService implements OnApplicationShutdown {
  constructor(
    private readonly from: string,
    private readonly transport: MailTransport,
    private readonly log: MailLog,
  ) {}

  /** Rejects with InvalidMailMessageError before anything is sent when a header would be unsafe. */
  async send(message: MailMessage): Promise<void> {
    const to = parseMailbox(message.to);
    if (to === undefined) {
      throw new InvalidMailMessageError('to');
    }
    if (hasControlCharacters(message.subject)) {
      throw new InvalidMailMessageError('subject');
    }
    const messageId = await this.transport.deliver({
      from: this.from,
      to,
      subject: message.subject,
      text: message.text,
    });
    this.log.info('mail sent', {
      messageId,
      recipientDomain: mailDomain(to.address),
      transport: this.transport.kind,
    });
  }

  // After beforeApplicationShutdown, where account work still in flight sends its mail.
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
