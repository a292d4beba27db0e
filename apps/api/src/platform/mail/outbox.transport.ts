import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { v7 as uuidv7 } from 'uuid';
import { nodemailerMessage, type MailTransport, type OutgoingMail } from './mail.transport.js';

/**
 * Development delivery: each message becomes an RFC 5322 `.eml` file, readable only by the
 * API's user because it carries live verification and reset tokens.
 */
export class OutboxTransport implements MailTransport {
  readonly kind = 'outbox';
  // The stream transport runs nodemailer's own composer, so the file is what SMTP would carry.
  private readonly composer = createTransport({ streamTransport: true, buffer: true });

  constructor(private readonly directory: string) {}

  async deliver(mail: OutgoingMail): Promise<string> {
    const info = await this.composer.sendMail(nodemailerMessage(mail));
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    // mkdir leaves an existing directory's mode alone; a readable outbox would leak tokens.
    await chmod(this.directory, 0o700);
    // A timestamp for people, a UUIDv7 for uniqueness: names sort in sending order.
    const name = `${new Date().toISOString().replace(/[-:]/g, '')}-${uuidv7()}.eml`;
    await writeFile(join(this.directory, name), info.message, { mode: 0o600, flag: 'wx' });
    return info.messageId;
  }

  close(): void {
    this.composer.close();
  }
}
