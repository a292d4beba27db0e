import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDevCertificate, type DevCertificatePaths } from '../tls/dev-certificate.js';
import { parseEml } from '../../../test/support/parse-eml.js';
import { SmtpTransport } from './smtp.transport.js';
import { parseSmtpUrl, type SmtpEndpoint } from '../config/smtp-url.js';

interface Received {
  readonly user: string | undefined;
  readonly secure: boolean;
  readonly from: string | false;
  readonly to: readonly string[];
  readonly raw: string;
}

const listen = (server: SMTPServer): Promise<number> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve((server.server.address() as AddressInfo).port);
    });
  });

const endpoint = (url: string): SmtpEndpoint => {
  const parsed = parseSmtpUrl(url);
  if (parsed === undefined) {
    throw new Error(`bad test URL ${url}`);
  }
  return parsed;
};

describe(SmtpTransport.name, () => {
  let directory: string;
  let certificate: DevCertificatePaths;
  let server: SMTPServer;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'bulwark-smtp-'));
    certificate = await writeDevCertificate(directory);
    server = new SMTPServer({
      key: readFileSync(certificate.keyFile),
      cert: readFileSync(certificate.certFile),
      authMethods: ['PLAIN'],
      // AUTH only over TLS: smtp-server's default, stated so the test fails if it changes.
      allowInsecureAuth: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === 'mailer' && auth.password === 'p@ss') {
          callback(null, { user: auth.username });
        } else {
          callback(new Error('bad credentials'));
        }
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            user: typeof session.user === 'string' ? session.user : undefined,
            secure: session.secure,
            from: session.envelope.mailFrom === false ? false : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    port = await listen(server);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    rmSync(directory, { recursive: true, force: true });
  });

  it('delivers over required STARTTLS, verifying the certificate against the configured CA', async () => {
    const transport = new SmtpTransport(
      endpoint(`smtp://mailer:p%40ss@localhost:${port}?requireTLS=true`),
      certificate.certFile,
    );
    try {
      const messageId = await transport.deliver({
        from: 'Bulwark <no-reply@example.com>',
        to: { name: 'Ada', address: 'ada@example.org' },
        subject: 'Reset your password',
        text: 'https://app.example.com/reset?token=abc',
      });

      const [message] = received;
      expect(message).toMatchObject({
        user: 'mailer',
        secure: true,
        from: 'no-reply@example.com',
        to: ['ada@example.org'],
      });
      const eml = parseEml(message!.raw);
      expect(eml.headers.get('message-id')).toBe(messageId);
      expect(eml.headers.get('subject')).toBe('Reset your password');
      expect(eml.body).toContain('https://app.example.com/reset?token=abc');
    } finally {
      transport.close();
    }
  });

  it('refuses a server whose certificate it cannot verify', async () => {
    const transport = new SmtpTransport(
      endpoint(`smtp://mailer:p%40ss@localhost:${port}?requireTLS=true`),
      undefined,
    );
    try {
      await expect(
        transport.deliver({
          from: 'no-reply@example.com',
          to: { name: '', address: 'ada@example.org' },
          subject: 'never delivered',
          text: 'secret',
        }),
      ).rejects.toThrow(/certificate/i);
    } finally {
      transport.close();
    }
  });
});
