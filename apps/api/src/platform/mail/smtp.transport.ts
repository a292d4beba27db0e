import { readFileSync } from 'node:fs';
import { createTransport, type Transporter, type SMTPSentMessageInfo } from 'nodemailer';
import { nodemailerMessage, type MailTransport, type OutgoingMail } from './mail.transport.js';
import type { SmtpEndpoint } from '../config/smtp-url.js';

/** Production delivery through a relay over TLS (implicit or required STARTTLS), certificate verified. */
export class SmtpTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter<SMTPSentMessageInfo>;

  constructor(endpoint: SmtpEndpoint, caFile: string | undefined) {
    this.transporter = createTransport({
      host: endpoint.host,
      port: endpoint.port,
      secure: endpoint.secure,
      requireTLS: endpoint.requireTLS,
      auth: endpoint.auth === undefined ? undefined : { ...endpoint.auth },
      tls: {
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        servername: endpoint.host,
        ca: caFile === undefined ? undefined : readFileSync(caFile),
      },
      // A stalled relay must not hold a registration or reset request for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async deliver(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter.sendMail(nodemailerMessage(mail));
    return info.messageId;
  }

  close(): void {
    this.transporter.close();
  }
}
