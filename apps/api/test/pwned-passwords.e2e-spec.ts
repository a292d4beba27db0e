import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/api-process.js';
import { GOOD_PASSWORD, send, settle, signedInUser } from './support/identity.js';
import { captureLogs, type LogCapture } from './support/log-capture.js';
import { latestMailedToken } from './support/outbox.js';
import { expectProblem } from './support/problem.js';
import {
  sha1Hex,
  startPwnedPasswordsServer,
  type PwnedPasswordsBehaviour,
  type PwnedPasswordsServer,
} from './support/pwned-passwords-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// Not in the bundled list: only the range API knows it.
const BREACHED = 'tulip garden in the rain 1987';
const CLEAN = 'a passphrase nobody has leaked';
const FAILURES: PwnedPasswordsBehaviour[] = ['hang', 'error-500', 'garbage', 'oversize'];

// The lookup happens before any database work: PGlite only (the default of startTestApp).
describe('breached passwords by k-anonymity range lookup (PWNED_PASSWORDS_URL)', () => {
  let pwned: PwnedPasswordsServer;
  let allow: TestApp;
  let refuse: TestApp;
  let logs: LogCapture;
  let counter = 0;

  const address = (label: string): string => `${label}.${++counter}@example.com`;
  const register = (api: TestApp, email: string, password: string): Promise<Response> =>
    send(api, 'POST', '/auth/register', { email, password });

  beforeAll(async () => {
    pwned = await startPwnedPasswordsServer();
    pwned.breach(BREACHED, 3);
    // Listed as padding (seen 0 times): accepted, like every padding entry.
    pwned.pad(GOOD_PASSWORD);
    pwned.pad(CLEAN);
    logs = captureLogs();
    // Time-outs here are hang guards for a busy machine; the refusing one is short to keep the
    // suite quick, and what is asserted is the outcome, never the time.
    allow = await startTestApp({
      env: {
        PWNED_PASSWORDS_URL: pwned.url,
        PWNED_PASSWORDS_TIMEOUT_MS: '2000',
        LOG_LEVEL: 'warn',
      },
      logger: logs.logger,
    });
    refuse = await startTestApp({
      env: {
        PWNED_PASSWORDS_URL: pwned.url,
        PWNED_PASSWORDS_TIMEOUT_MS: '300',
        PWNED_PASSWORDS_FAILURE: 'refuse',
      },
    });
  });
  afterAll(async () => {
    await allow.close();
    await refuse.close();
    await pwned.close();
  });

  it('refuses a password the range lists with reason breached on register, change and reset', async () => {
    pwned.behave('range');
    const email = address('breached');
    const refused = await expectProblem(await register(allow, email, BREACHED), 400);
    expect(refused.reasons).toEqual(['breached']);

    // GOOD_PASSWORD is in the range as padding only: accepted.
    const tokens = await signedInUser(allow, email);
    const change = await send(
      allow,
      'POST',
      '/auth/password/change',
      { currentPassword: GOOD_PASSWORD, newPassword: BREACHED },
      tokens.accessToken,
    );
    expect((await expectProblem(change, 400)).reasons).toEqual(['breached']);

    await send(allow, 'POST', '/auth/password/forgot', { email });
    await settle(allow);
    const token = latestMailedToken(allow.config.dataDir, email, 'bpr');
    const reset = await send(allow, 'POST', '/auth/password/reset', {
      token,
      newPassword: BREACHED,
    });
    expect((await expectProblem(reset, 400)).reasons).toEqual(['breached']);
    const clean = await send(allow, 'POST', '/auth/password/reset', { token, newPassword: CLEAN });
    expect(clean.status).toBe(204);
  });

  it('sends only the 5-character prefix of the SHA-1, never the password or the rest of its hash', async () => {
    pwned.behave('range');
    pwned.requests.length = 0;
    expect((await register(allow, address('sent'), BREACHED)).status).toBe(400);
    expect((await register(allow, address('sent'), CLEAN)).status).toBe(202);
    await settle(allow);

    expect(pwned.requests.map(({ url }) => url)).toEqual([
      `/range/${sha1Hex(BREACHED).slice(0, 5)}`,
      `/range/${sha1Hex(CLEAN).slice(0, 5)}`,
    ]);
    const sent = pwned.requests.map(({ raw }) => raw.toUpperCase()).join('\n');
    for (const password of [BREACHED, CLEAN]) {
      expect(sent).not.toContain(password.toUpperCase());
      expect(sent).not.toContain(sha1Hex(password).slice(5));
    }
  });

  it('asks nothing about a password the local checks refuse', async () => {
    pwned.behave('range');
    pwned.requests.length = 0;
    const email = address('local');
    for (const password of ['password1234', 'short', `${email} is mine`]) {
      expect((await register(allow, email, password)).status).toBe(400);
    }
    expect(pwned.requests).toEqual([]);
  });

  it('logs an outage as a warning with a count, never the password, its hash or the prefix sent', async () => {
    pwned.behave('error-500');
    for (const label of ['outage.1', 'outage.2']) {
      expect((await register(allow, address(label), BREACHED)).status).toBe(202);
    }
    pwned.behave('range');
    expect((await register(allow, address('outage.over'), BREACHED)).status).toBe(400);
    await settle(allow);

    const unavailable = await logs.waitFor(
      (line) => line.message === 'pwned passwords unavailable',
    );
    expect(unavailable).toMatchObject({
      level: 'warn',
      reason: 'status',
      detail: 500,
      failedLookups: 1,
      onFailure: 'allow',
    });
    const over = await logs.waitFor((line) => line.message === 'pwned passwords available again');
    expect(over).toMatchObject({ level: 'warn', failedLookups: 2 });
    const text = logs.text().toUpperCase();
    const hash = sha1Hex(BREACHED);
    expect(text).not.toContain(hash.slice(0, 5));
    expect(text).not.toContain(hash.slice(5));
    expect(text).not.toContain(BREACHED.toUpperCase());
  });

  it.each(FAILURES)(
    'accepts on the local checks when the service answers %s under PWNED_PASSWORDS_FAILURE=allow',
    async (behaviour) => {
      pwned.behave(behaviour);
      pwned.requests.length = 0;
      expect((await register(allow, address(`allow.${behaviour}`), BREACHED)).status).toBe(202);
      await settle(allow);
      expect(pwned.requests.map(({ url }) => url)).toEqual([
        `/range/${sha1Hex(BREACHED).slice(0, 5)}`,
      ]);
    },
  );

  it.each(FAILURES)(
    'answers 503 with Retry-After when the service answers %s under PWNED_PASSWORDS_FAILURE=refuse',
    async (behaviour) => {
      pwned.behave(behaviour);
      const response = await register(refuse, address(`refuse.${behaviour}`), CLEAN);
      expect(response.headers.get('retry-after')).toBe('30');
      await expectProblem(response, 503);
    },
  );

  it('refuses a breached password in pnpm cli admin:create', async () => {
    pwned.behave('range');
    pwned.requests.length = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-pwned-'));
    try {
      const env = { NODE_ENV: 'test', DATA_DIR: dataDir, PWNED_PASSWORDS_URL: pwned.url };
      expect((await runCli(['db:migrate'], env)).code).toBe(0);
      const created = await runCli(
        ['admin:create', '--email', 'root@example.com'],
        env,
        `${BREACHED}\n`,
      );
      expect(created.code).toBe(1);
      expect(created.out).toMatch(/breached/);
      expect(pwned.requests.map(({ url }) => url)).toEqual([
        `/range/${sha1Hex(BREACHED).slice(0, 5)}`,
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
