import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { closedRedisUrl } from './support/redis.js';
import { auditEventsOf } from './support/audit-events.js';
import { apiClient, bodyOf } from './support/api-client.js';
import { GOOD_PASSWORD, registerVerified, send, type Tokens } from './support/identity.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { describeWith, REDIS_SERVER_BINARY } from './support/requirements.js';

/**
 * A Redis of this suite's own, so that stopping it leaves the shared one (and the suites running
 * beside this one) alone. No persistence: a restart comes back empty, like a failed-over cache.
 */
class PrivateRedis {
  private process: ChildProcess | undefined;

  constructor(readonly url: string) {}

  async start(): Promise<void> {
    const port = new URL(this.url).port;
    const server = spawn(
      'redis-server',
      ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    this.process = server;
    await vi.waitFor(
      async () => {
        if (!(await this.answers())) {
          throw new Error('redis-server is not answering yet');
        }
      },
      { timeout: 10_000, interval: 50 },
    );
  }

  private async answers(): Promise<boolean> {
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      return true;
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }

  async stop(): Promise<void> {
    const server = this.process;
    this.process = undefined;
    if (server !== undefined && server.exitCode === null) {
      server.kill('SIGKILL');
      await once(server, 'exit');
    }
  }
}

function requestIdOf(response: Response): string {
  return response.headers.get('x-request-id') ?? '';
}

async function eventsNamed(api: TestApp, event: string, requestIds: string[]) {
  return (await auditEventsOf(api, requestIds)).filter((row) => row.event === event);
}

describeWith(REDIS_SERVER_BINARY)('Redis outage', () => {
  let redis: PrivateRedis;
  let api: TestApp;
  let tokens: Tokens;
  const email = 'outage@example.com';
  const login = () => apiClient(api).login(email, GOOD_PASSWORD);

  beforeAll(async () => {
    redis = new PrivateRedis(await closedRedisUrl());
    await redis.start();
    api = await startTestApp({ env: { REDIS_URL: redis.url } });
    await registerVerified(api, email);
    tokens = await bodyOf<Tokens>(login());
  });
  afterAll(async () => {
    await api.close();
    await redis.stop();
  });

  it('fails closed on auth limits and open on the default one, then recovers without a restart', async () => {
    await redis.stop();
    const outage: Response[] = [];
    const during = async (pending: Promise<Response>) => {
      const response = await pending;
      outage.push(response);
      return response;
    };

    // Auth-sensitive limits cannot count: refused, with a retry delay, never a 500 or a pass.
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await during(login());
      await expectProblem(refused, 503);
      expect(refused.headers.get('retry-after')).toBe('1');
    }
    const ready = await expectProblem(await during(fetch(`${api.url}/health/ready`)), 503);
    expect(ready.checks).toEqual({ database: 'up', redis: 'down' });

    // Routes under the default limit only keep working, unthrottled meanwhile.
    expect((await during(fetch(`${api.url}/health/live`))).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await during(fetch(`${api.url}/.well-known/jwks.json`))).status).toBe(200);
    }
    // Authenticated routes answer 503 too: whether the session was revoked on another instance
    // is in Redis, and a revoked token must not pass (src/identity/sessions/session-liveness.cache.ts).
    const me = await during(send(api, 'GET', '/users/me', undefined, tokens.accessToken));
    await expectProblem(me, 503);
    expect(me.headers.get('retry-after')).toBe('1');

    const disabled = await eventsNamed(api, 'sys_monitor_disabled', outage.map(requestIdOf));
    expect(disabled).toEqual([
      expect.objectContaining({
        actor: 'system',
        target: 'monitor:rate-limit',
        outcome: 'failure',
        metadata: {
          refusing: [
            'login',
            'register',
            'password-forgot',
            'password-reset',
            'mfa-verify',
            'refresh',
          ],
          notLimiting: ['default'],
        },
      }),
    ]);

    await redis.start();
    await expect
      .poll(async () => (await fetch(`${api.url}/health/ready`)).status, { timeout: 15_000 })
      .toBe(200);
    const recovered = await login();
    expect(recovered.status).toBe(200);
    expect((await send(api, 'GET', '/users/me', undefined, tokens.accessToken)).status).toBe(200);
    const enabled = await eventsNamed(api, 'sys_monitor_enabled', [requestIdOf(recovered)]);
    expect(enabled).toEqual([
      expect.objectContaining({
        actor: 'system',
        target: 'monitor:rate-limit',
        outcome: 'success',
      }),
    ]);
  });
});
