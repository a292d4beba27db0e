import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidMailMessageError } from './mail.errors.js';
import { MailService } from './mail.service.js';
import { OutboxTransport } from './outbox.transport.js';
import { parseEml } from '../../../test/support/parse-eml.js';

const LINK = 'https://app.example.com/verify-email?token=' + 'a'.repeat(86);

describe(MailService.name, () => {
  let root: string;
  let outbox: string;
  let service: MailService;
  const info = vi.fn();

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bulwark-mail-'));
    outbox = join(root, 'outbox');
    info.mockReset();
    service = new MailService('Bulwark <no-reply@example.com>', new OutboxTransport(outbox), {
      info,
    });
  });
  afterEach(() => {
    service.onApplicationShutdown();
    rmSync(root, { recursive: true, force: true });
  });

  const emlFiles = (): string[] => readdirSync(outbox).sort();

  it('writes an .eml file that reads back with its recipient, subject and body', async () => {
    await service.send({
      to: 'Ada Lovelace <ada@example.org>',
      subject: 'Verify your e-mail address',
      text: `Open this link within 24 hours:\n${LINK}\n`,
    });

    const [file] = emlFiles();
    const eml = parseEml(readFileSync(join(outbox, file!), 'utf8'));
    expect(eml.headers.get('to')).toBe('Ada Lovelace <ada@example.org>');
    expect(eml.headers.get('from')).toBe('Bulwark <no-reply@example.com>');
    expect(eml.headers.get('subject')).toBe('Verify your e-mail address');
    expect(eml.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(eml.headers.get('message-id')).toMatch(/^<.+@example\.com>$/);
    expect(eml.body).toContain(LINK);
  });

  it('keeps the outbox private: directory 0700, files 0600', async () => {
    await service.send({ to: 'ada@example.org', subject: 'Reset', text: LINK });

    expect(statSync(outbox).mode & 0o777).toBe(0o700);
    expect(statSync(join(outbox, emlFiles()[0]!)).mode & 0o777).toBe(0o600);
  });

  it('names files uniquely, in sending order', async () => {
    for (const subject of ['first', 'second', 'third']) {
      await service.send({ to: 'ada@example.org', subject, text: LINK });
    }

    const subjects = emlFiles().map((file) =>
      parseEml(readFileSync(join(outbox, file), 'utf8')).headers.get('subject'),
    );
    expect(subjects).toEqual(['first', 'second', 'third']);
    expect(emlFiles().every((file) => /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f-]{36}\.eml$/.test(file))).toBe(
      true,
    );
  });

  it('logs the Message-ID and the recipient domain, never the subject, body or local part', async () => {
    await service.send({ to: 'ada@Example.ORG', subject: 'Reset token inside', text: LINK });

    expect(info).toHaveBeenCalledOnce();
    const [message, meta] = info.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toBe('mail sent');
    expect(Object.keys(meta).sort()).toEqual(['messageId', 'recipientDomain', 'transport']);
    expect(meta['messageId']).toMatch(/^<.+>$/);
    expect(meta['recipientDomain']).toBe('example.org');
    expect(meta['transport']).toBe('outbox');
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).not.toContain('token');
    expect(logged).not.toContain('ada');
  });

  it.each([
    [
      'a subject with CRLF',
      { to: 'ada@example.org', subject: 'Hi\r\nBcc: eve@evil.example' },
      'subject',
    ],
    [
      'a subject with a bare LF',
      { to: 'ada@example.org', subject: 'Hi\nBcc: eve@evil.example' },
      'subject',
    ],
    [
      'a recipient with CRLF',
      { to: 'ada@example.org\r\nBcc: eve@evil.example', subject: 'Hi' },
      'to',
    ],
    [
      'a recipient with a bare CR',
      { to: 'ada@example.org\rBcc: eve@evil.example', subject: 'Hi' },
      'to',
    ],
    ['two recipients', { to: 'ada@example.org, eve@evil.example', subject: 'Hi' }, 'to'],
    ['a group', { to: 'friends: ada@example.org;', subject: 'Hi' }, 'to'],
    ['no address', { to: 'Ada', subject: 'Hi' }, 'to'],
  ])('refuses %s and sends nothing', async (_case, fields, field) => {
    const sending = service.send({ ...fields, text: LINK });

    await expect(sending).rejects.toBeInstanceOf(InvalidMailMessageError);
    await expect(sending).rejects.toMatchObject({ code: 'MAIL.INVALID_MESSAGE', field });
    expect(() => readdirSync(outbox)).toThrow(/ENOENT/);
    expect(info).not.toHaveBeenCalled();
  });
});
