import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runApiEntry, type ApiProcess } from './support/api-process.js';
import { apiClient, type ApiEndpoint, type Tokens } from './support/api-client.js';
import { GOOD_PASSWORD, send, uniqueEmail } from './support/identity.js';
import {
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceivedSpan,
} from './support/otlp-receiver.js';
import { latestMailedToken } from './support/outbox.js';
import { TEST_REDIS_URL } from './support/redis.js';
import { describeWith, POSTGRES, REDIS } from './support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from './support/test-database.js';

const WRONG_PASSWORD = 'tracing-wrong-password-s3cret';
const CALLER_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';

// PostgreSQL and Redis: their clients are what the database and Redis spans come from.
describeWith(POSTGRES, REDIS)('traces exported with OTLP', () => {
  let receiver: OtlpReceiver;
  let api: ApiProcess;
  let endpoint: ApiEndpoint;
  let dataDir: string;
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-tracing-'));
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL ?? '');
    api = runApiEntry('main', [], {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      DATABASE_URL: scratch.url,
      REDIS_URL: TEST_REDIS_URL,
      IP_BAN_DISTINCT_ACCOUNTS: '1000',
      THROTTLE_DEFAULT: '100000/60',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      // Every trace, so that the request under test is one of them.
      OTEL_TRACES_SAMPLER: 'always_on',
    });
    const [, url] = await api.waitForLine(/Listening on (http:\/\/\S+) /);
    endpoint = { url: url ?? '' };
  });

  afterAll(async () => {
    api.child.kill('SIGTERM');
    await api.exited();
    await receiver.close();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The JSON log lines the API printed. */
  const logLines = (): Record<string, unknown>[] =>
    api
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('exports HTTP, database and Redis spans, with the ids of the logs and never a secret', async () => {
    const email = uniqueEmail('traced');
    const client = apiClient(endpoint);
    expect((await client.register(email, GOOD_PASSWORD)).status).toBe(202);
    const verification = await vi.waitFor(() => latestMailedToken(dataDir, email, 'bev'), {
      timeout: 30_000,
    });
    expect((await client.verifyEmail(verification)).status).toBe(204);
    expect((await client.login(email, WRONG_PASSWORD)).status).toBe(401);
    const tokens = (await (await client.login(email, GOOD_PASSWORD)).json()) as Tokens;
    const me = await client
      .with({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` })
      .send('GET', '/users/me', undefined, tokens.accessToken);
    expect(me.status).toBe(200);
    const requestId = me.headers.get('x-request-id') ?? '';
    expect((await client.refresh(tokens.refreshToken)).status).toBe(200);
    await send(endpoint, 'GET', `/notes?cursor=${tokens.accessToken}`);

    let server: ReceivedSpan | undefined;
    await vi.waitFor(
      () => {
        server = receiver
          .spans()
          .find((span) => span.attributes['bulwark.request_id'] === requestId);
        expect(server).toBeDefined();
        const children = receiver.spans().filter((span) => span.traceId === CALLER_TRACE);
        expect(children.map((span) => span.attributes['db.system.name'])).toEqual(
          expect.arrayContaining(['postgresql', 'redis']),
        );
      },
      { timeout: 30_000, interval: 200 },
    );
    // The caller's trace continues; the request's log lines name the span that was exported.
    expect(server).toMatchObject({
      traceId: CALLER_TRACE,
      parentSpanId: CALLER_SPAN,
      name: 'GET /users/me',
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/users/me',
        'http.response.status_code': '200',
      },
    });
    const completed = logLines().find(
      (line) => line.message === 'request completed' && line.requestId === requestId,
    );
    expect(completed).toMatchObject({ traceId: CALLER_TRACE, spanId: server?.spanId });

    const exported = receiver.bodies.join('\n');
    for (const secret of [
      GOOD_PASSWORD,
      WRONG_PASSWORD,
      email,
      verification,
      tokens.accessToken,
      tokens.refreshToken,
      '127.0.0.1',
    ]) {
      expect(exported.includes(secret), secret.slice(0, 12)).toBe(false);
    }
  });
});
