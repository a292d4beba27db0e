import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';
import type { SmtpEndpoint } from '../config/smtp-url.js';

export type MailTransportConfig =
  | {
      readonly kind: 'smtp';
      readonly endpoint: SmtpEndpoint;
      /** PEM CA bundle for a relay with a private CA; unset: the system's public CAs. */
      readonly caFile: string | undefined;
    }
  | {
      /** `.eml` files a developer opens instead of a mailbox; refused in production. */
      readonly kind: 'outbox';
      readonly directory: string;
    };

export interface MailConfig {
  readonly from: string;
  readonly transport: MailTransportConfig;
}

/** SMTP when `SMTP_URL` is set (always, in production), else the development outbox. */
export function mailConfigFrom(env: Env, dataDir: string): MailConfig {
  return {
    from: env.MAIL_FROM,
    transport:
      env.SMTP_URL === undefined
        ? { kind: 'outbox', directory: resolve(dataDir, env.MAIL_OUTBOX_DIR ?? 'outbox') }
        : {
            kind: 'smtp',
            endpoint: env.SMTP_URL,
            caFile: env.SMTP_CA_FILE === undefined ? undefined : resolve(env.SMTP_CA_FILE),
          },
  };
}
