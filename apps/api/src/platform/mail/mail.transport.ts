import type { Mailbox } from '../config/mail-address.js';

/** A message that passed MailService's checks, ready for the wire. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: Mailbox;
  readonly subject: string;
  readonly text: string;
}

/** Where mail goes: the development outbox or an SMTP relay. */
export interface MailTransport {
  readonly kind: 'outbox' | 'smtp';
  /** Resolves with the Message-ID once the message is stored or accepted by the relay. */
  deliver(mail: OutgoingMail): Promise<string>;
  close(): void;
}

/** nodemailer fields that keep a message to what it says: no file or URL content is fetched. */
export function nodemailerMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
