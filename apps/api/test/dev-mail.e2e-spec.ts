import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../src/platform/mail/outbox.reader.js';
import { outboxDirectory } from '../src/cli/outbox-directory.js';
import { runCli } from './support/api-process.js';
import { GOOD_PASSWORD, send, settle } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PAGE = '/dev/account-links/verify-email';

describe('development mail', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    expect(
      (
        await send(api, 'POST', '/auth/register', {
          email: 'ada@example.com',
          password: GOOD_PASSWORD,
        })
      ).status,
    ).toBe(202);
    await settle(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('mails a link to the development page that reads it, under a strict CSP', async () => {
    const [mail] = await readOutbox(outboxDirectory(api.config));
    const link = new URL(mail!.links[0]!);
    expect(`${link.pathname}${link.hash}`).toBe(`${PAGE}#token=${mail!.token}`);

    const page = await fetch(`${api.url}${link.pathname}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe');
    const script = /<script src="([^"]+)"/.exec(await page.text())?.[1];
    const served = await fetch(`${api.url}${script}`);
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await served.text()).toContain("'/auth/verify-email'");

    const verified = await send(api, 'POST', '/auth/verify-email', { token: mail!.token });
    expect(verified.status).toBe(204);
  });

  it('lists and shows the outbox decoded from the command line, the token alone with --token', async () => {
    const env = { NODE_ENV: 'test', DATA_DIR: api.config.dataDir };
    const [mail] = await readOutbox(outboxDirectory(api.config));

    const list = await runCli(['mail:list'], env);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(
      /^\S+Z {2}ada@example\.com {2}Confirm your e-mail address {2}[0-9a-f-]{36}\n$/,
    );

    const shown = await runCli(['mail:show', mail!.id], env);
    expect(shown.code).toBe(0);
    // Decoded: the quoted-printable file splits the link and writes = as =3D.
    expect(shown.out).toContain(`\n${mail!.links[0]}\n`);
    expect(shown.out).toContain(`Token:\n${mail!.token}\n`);

    const token = await runCli(['mail:show', '--token', '--to', 'ADA@example.com'], env);
    expect(token).toEqual({ code: 0, out: `${mail!.token}\n` });

    const missing = await runCli(['mail:show', '--to', 'nobody@example.com'], env);
    expect(missing).toEqual({ code: 1, out: 'No mail with to nobody@example.com in the outbox\n' });
  });
});

describe('development account pages', () => {
  it('are not served when PUBLIC_APP_URL names the client application', async () => {
    const api = await startTestApp({ env: { PUBLIC_APP_URL: 'https://app.example.com' } });
    try {
      expect(api.config.accounts.publicAppUrl).toBe('https://app.example.com');
      expect((await fetch(`${api.url}${PAGE}`)).status).toBe(404);
      expect((await fetch(`${api.url}/dev/account-links/account-links.js`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('are not served in production, whatever the accounts section says', async () => {
    const api = await startTestApp({
      configure: (config) => ({ ...config, isProduction: true, docsEnabled: false }),
    });
    try {
      expect(api.config.accounts.devAccountLinks).toBe(true);
      expect((await fetch(`${api.url}${PAGE}`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});
