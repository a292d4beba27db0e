import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  DEV_ACCOUNT_LINKS_JS,
  devAccountLinkHtml,
  type DevAccountLinkPage,
} from './dev-account-links.pages.js';

const TOKEN = `bpr_${'a'.repeat(43)}`;

type Listener = (event: unknown) => Promise<void>;

/** Runs the page script against the few DOM objects it touches; returns what it showed and sent. */
async function runPage(page: DevAccountLinkPage, form: Record<string, { value: string }>) {
  const elements = { curl: { textContent: '' }, result: { textContent: '' } };
  const sent: { path: string; init: { body: string } }[] = [];
  let submit: Listener | undefined;
  runInNewContext(DEV_ACCOUNT_LINKS_JS, {
    URLSearchParams,
    JSON,
    location: { hash: `#token=${TOKEN}`, origin: 'http://127.0.0.1:3000' },
    document: {
      querySelector: () => ({ dataset: { page } }),
      getElementById: (id: string) =>
        id === 'send'
          ? {
              addEventListener: (_type: string, listener: Listener) => {
                submit = listener;
              },
            }
          : elements[id as keyof typeof elements],
    },
    fetch: (path: string, init: { body: string }) => {
      sent.push({ path, init });
      return Promise.resolve({ ok: true, status: 204 });
    },
  });
  await submit?.({ preventDefault: () => undefined, target: form });
  return { curl: elements.curl.textContent, result: elements.result.textContent, sent };
}

describe('development account pages', () => {
  it('show the curl command of the step and send it with the token of the fragment', async () => {
    const { curl, result, sent } = await runPage('reset-password', {
      newPassword: { value: 'a new passphrase' },
    });
    expect(curl).toBe(
      `curl -X POST http://127.0.0.1:3000/auth/password/reset -H 'content-type: application/json' -d '{"token":"${TOKEN}","newPassword":"<new password>"}'`,
    );
    expect(sent).toEqual([
      expect.objectContaining({
        path: '/auth/password/reset',
        init: expect.objectContaining({
          body: JSON.stringify({ token: TOKEN, newPassword: 'a new passphrase' }),
        }) as unknown,
      }),
    ]);
    expect(result).toBe('204 done');
  });

  it('load their script from the API, never inline', () => {
    const html = devAccountLinkHtml('/dev/account-links', 'verify-email');
    expect(html).toContain('<script src="/dev/account-links/account-links.js" defer></script>');
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});
