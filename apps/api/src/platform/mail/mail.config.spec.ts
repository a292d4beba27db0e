import { describe, expect, it } from 'vitest';
import { envSchema } from '../config/env.schema.js';
import { configProblems } from '../../../test/support/config-problems.js';
import { productionPolicyViolations } from '../config/production-policy.js';
import { mailConfigFrom } from './mail.config.js';

const mailViolations = (env: Record<string, string>): string[] =>
  productionPolicyViolations(envSchema.parse({ NODE_ENV: 'production', ...env })).filter((line) =>
    /^(SMTP_URL|MAIL_)/.test(line),
  );

describe(mailConfigFrom.name, () => {
  it('writes to <DATA_DIR>/outbox from a localhost sender by default', () => {
    expect(mailConfigFrom(envSchema.parse({}), '/srv/data')).toEqual({
      from: 'Bulwark <no-reply@localhost>',
      transport: { kind: 'outbox', directory: '/srv/data/outbox' },
    });
  });

  it('sends over SMTP when SMTP_URL is set, with the credentials decoded', () => {
    const env = envSchema.parse({ SMTP_URL: 'smtps://mailer:p%40ss@smtp.example.com' });
    expect(mailConfigFrom(env, '/srv/data').transport).toEqual({
      kind: 'smtp',
      endpoint: {
        host: 'smtp.example.com',
        port: 465,
        secure: true,
        requireTLS: false,
        auth: { user: 'mailer', pass: 'p@ss' },
      },
      caFile: undefined,
    });
  });

  it.each([
    ['SMTP_URL', 'http://smtp.example.com'],
    ['SMTP_URL', 'smtp://smtp.example.com?tls.rejectUnauthorized=false'],
    ['SMTP_URL', 'smtp://smtp.example.com:587?requireTLS=false'],
    ['SMTP_URL', 'smtps://smtp.example.com/path'],
    ['SMTP_URL', 'smtps://mailer:%zz@smtp.example.com'],
    ['MAIL_FROM', 'no-reply'],
    ['MAIL_FROM', 'a@example.com, b@example.com'],
    ['MAIL_FROM', 'Bulwark <no-reply@example.com>\r\nBcc: x@evil.example'],
  ])('refuses to boot with %s=%s', (variable, value) => {
    const found = configProblems({ NODE_ENV: 'test', [variable]: value });
    expect(found).toEqual([expect.stringMatching(new RegExp(`^${variable}: `))]);
  });

  it('never echoes the SMTP password in a problem', () => {
    const found = configProblems({ NODE_ENV: 'test', SMTP_URL: 'ftp://u:s3cret@smtp.example.com' });
    expect(found.join('\n')).not.toContain('s3cret');
  });
});

describe('mail production policy', () => {
  it('requires SMTP_URL in production', () => {
    expect(mailViolations({ MAIL_FROM: 'no-reply@example.com' })).toEqual([
      expect.stringMatching(/^SMTP_URL: required in production/),
    ]);
  });

  it('refuses plain smtp:// without requireTLS', () => {
    expect(
      mailViolations({ MAIL_FROM: 'no-reply@example.com', SMTP_URL: 'smtp://smtp.example.com' }),
    ).toEqual([expect.stringMatching(/^SMTP_URL: production needs smtps:\/\//)]);
  });

  it.each(['smtps://smtp.example.com', 'smtp://smtp.example.com:587?requireTLS=true'])(
    'accepts %s',
    (url) => {
      expect(mailViolations({ MAIL_FROM: 'no-reply@example.com', SMTP_URL: url })).toEqual([]);
    },
  );

  it('refuses the outbox and the localhost sender', () => {
    expect(
      mailViolations({ SMTP_URL: 'smtps://smtp.example.com', MAIL_OUTBOX_DIR: '/tmp/outbox' }),
    ).toEqual([
      expect.stringMatching(/^MAIL_OUTBOX_DIR: refused in production/),
      expect.stringMatching(/^MAIL_FROM: /),
    ]);
  });
});
