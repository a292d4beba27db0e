import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs, type LogCapture, type LogLine } from './support/log-capture.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RESET_LIMIT = 3;

/** POST /auth/password/reset is limited per client address; a bad token is refused with 400. */
function reset(api: TestApp, forwardedFor: string): Promise<Response> {
  return fetch(`${api.url}/auth/password/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ token: 'bpr_not-a-token', newPassword: 'correct horse battery staple' }),
  });
}

describe('client address', () => {
  let api: TestApp | undefined;
  let logs: LogCapture;

  async function start(env: Record<string, string>): Promise<TestApp> {
    logs = captureLogs();
    api = await startTestApp({
      env: { THROTTLE_PASSWORD_RESET: `${RESET_LIMIT}/60`, LOG_LEVEL: 'info', ...env },
      logger: logs.logger,
    });
    return api;
  }

  async function accessLogIp(response: Response): Promise<unknown> {
    const requestId = response.headers.get('x-request-id');
    const line = await logs.waitFor(
      (entry) => entry.message === 'request completed' && entry.requestId === requestId,
    );
    return line.ip;
  }

  /** The audit line of the refusal: its `ip` comes from the request context. */
  function excessEvent(): LogLine | undefined {
    return logs.lines().find((line) => line.message === 'excess_rate_limit_exceeded');
  }

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('ignores X-Forwarded-For from an untrusted peer: rotating it does not reset the limit', async () => {
    const app = await start({});
    const statuses: number[] = [];
    for (let index = 0; index <= RESET_LIMIT; index++) {
      statuses.push((await reset(app, `203.0.113.${index + 1}`)).status);
    }
    expect(statuses).toEqual([...Array<number>(RESET_LIMIT).fill(400), 429]);

    const refused = await reset(app, '198.51.100.99');
    expect(refused.status).toBe(429);
    expect(await accessLogIp(refused)).toBe('127.0.0.1');
    expect(excessEvent()).toMatchObject({ ip: '127.0.0.1' });
  });

  it('uses the right-most untrusted address behind a trusted proxy, for limits, logs and audit', async () => {
    const app = await start({ TRUSTED_PROXIES: '127.0.0.1/32' });
    // The left-most entry is whatever the client claimed; the proxy appended the real peer.
    const responses: Response[] = [];
    for (let index = 0; index <= RESET_LIMIT; index++) {
      responses.push(await reset(app, `10.0.0.${index + 1}, 198.51.100.7`));
    }
    expect(responses.map((response) => response.status)).toEqual([
      ...Array<number>(RESET_LIMIT).fill(400),
      429,
    ]);
    expect(await accessLogIp(responses[0]!)).toBe('198.51.100.7');
    expect(excessEvent()).toMatchObject({ ip: '198.51.100.7' });

    // Another client behind the same proxy has a budget of its own.
    const other = await reset(app, '198.51.100.8');
    expect(other.status).toBe(400);
    expect(await accessLogIp(other)).toBe('198.51.100.8');
  });
});
