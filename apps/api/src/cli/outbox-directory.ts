import type { AppConfig } from '../app.config.js';

/** The development outbox the mail commands read; an error when mail goes over SMTP instead. */
export function outboxDirectory(config: Pick<AppConfig, 'mail'>): string {
  const { transport } = config.mail;
  if (transport.kind !== 'outbox') {
    throw new Error('SMTP_URL is set: mail goes to the SMTP relay, not to the development outbox');
  }
  return transport.directory;
}
