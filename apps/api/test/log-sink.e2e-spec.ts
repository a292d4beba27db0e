import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulwarkLogger } from '@bulwark/logging';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_LOGGER } from '../src/platform/logging/logging.module.js';
import { EchoFixtureModule } from './support/echo.fixture.js';
import { captureLogs, type LogCapture } from './support/log-capture.js';
import { createRsyslogCollector, type RsyslogCollector } from './support/rsyslog-collector.js';
import { send as sendTo, settle, type Tokens } from './support/identity.js';
import { latestMailedToken } from './support/outbox.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { describeWith, RSYSLOG } from './support/requirements.js';

// Small, so that an outage of a few dozen requests overflows it.
const SINK_BUFFER_SIZE = 40;
// Generous on purpose: the machine is shared; the point is that requests never hang on the sink.
const REQUEST_TIMEOUT_MS = 5_000;

// A JWT-shaped bearer token, a password, a refresh token and a session cookie: none may be written anywhere.
const JWT =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1LTQyIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1ub3QtcmVhbA';
const PASSWORD = 'Tr0ub4dor&3-correct-horse';
const REFRESH_TOKEN = 'brt_Qk9SSU5HLXJlZnJlc2gtdG9rZW4tdmFsdWUtMDEyMzQ1Njc4OQ';
const SESSION_COOKIE = 'sess-7f3a9c1e5b2d4f6a8c0e';
const SECRETS = [JWT, PASSWORD, REFRESH_TOKEN, SESSION_COOKIE];
// Passwords of the identity flows; the tokens those flows receive join the list as they come.
const ACCOUNT_PASSWORDS = [
  'first correct horse battery',
  'second correct horse battery',
  'third correct horse battery',
];

type LogSinks = Record<
  'file' | 'syslog',
  { connected: boolean; buffered: number; dropped: number; droppedAudit: number }
>;

function send(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describeWith(RSYSLOG)('central log sink: a real rsyslog over TLS', () => {
  let dir: string;
  let collector: RsyslogCollector;
  let logs: LogCapture;
  let api: TestApp;
  let logger: BulwarkLogger;
  let logFile: string;

  // Every request of the flows below: hostile input, then the identity flows with real secrets.
  const flows: ((url: string) => Promise<Response>)[] = [
    (url) =>
      postJson(
        `${url}/test-fixture/echo`,
        {
          name: `Bearer ${JWT}`,
          count: 1,
          address: { city: 'London' },
          password: PASSWORD,
          refreshToken: REFRESH_TOKEN,
        },
        { authorization: `Bearer ${JWT}`, cookie: `session=${SESSION_COOKIE}` },
      ),
    (url) => send(`${url}/health/live?access_token=${JWT}&password=${PASSWORD}`),
    (url) => postJson(`${url}/test-fixture/echo`, { name: REFRESH_TOKEN, count: 1, address: {} }),
    ...identityFlows(),
  ];
  const secrets = [...SECRETS, ...ACCOUNT_PASSWORDS];

  /** Register, verify, login, refresh (and replay), change, forget and reset a password. */
  function identityFlows(): (() => Promise<Response>)[] {
    const email = 'sink@example.com';
    const [first, second, third] = ACCOUNT_PASSWORDS as [string, string, string];
    let tokens: Tokens | undefined;
    let rotated: Tokens | undefined;
    const keep = async (response: Response): Promise<Response> => {
      const received = (await response.clone().json()) as Tokens;
      secrets.push(received.accessToken, received.refreshToken);
      return response;
    };
    const mailed = async (prefix: string): Promise<string> => {
      await settle(api);
      const token = latestMailedToken(api.config.dataDir, email, prefix);
      secrets.push(token);
      return token;
    };
    return [
      () => sendTo(api, 'POST', '/auth/register', { email, password: first }),
      async () => sendTo(api, 'POST', '/auth/verify-email', { token: await mailed('bev') }),
      async () => {
        const response = await keep(
          await sendTo(api, 'POST', '/auth/login', { email, password: first }),
        );
        tokens = (await response.clone().json()) as Tokens;
        return response;
      },
      () => sendTo(api, 'GET', '/users/me', undefined, tokens?.accessToken),
      async () => {
        const response = await keep(
          await sendTo(api, 'POST', '/auth/refresh', { refreshToken: tokens?.refreshToken }),
        );
        rotated = (await response.clone().json()) as Tokens;
        return response;
      },
      () => sendTo(api, 'POST', '/auth/refresh', { refreshToken: tokens?.refreshToken }),
      async () => {
        const response = await keep(
          await sendTo(api, 'POST', '/auth/login', { email, password: first }),
        );
        const { accessToken } = (await response.clone().json()) as Tokens;
        return sendTo(
          api,
          'POST',
          '/auth/password/change',
          { currentPassword: first, newPassword: second },
          accessToken,
        );
      },
      () => sendTo(api, 'POST', '/auth/login', { email, password: first }),
      () => sendTo(api, 'POST', '/auth/password/forgot', { email }),
      async () =>
        sendTo(api, 'POST', '/auth/password/reset', {
          token: await mailed('bpr'),
          newPassword: third,
        }),
      // The replay revoked the rotated session and the reset every other: log in afresh.
      async () => {
        expect(
          (await sendTo(api, 'GET', '/users/me', undefined, rotated?.accessToken)).status,
        ).toBe(401);
        const response = await keep(
          await sendTo(api, 'POST', '/auth/login', { email, password: third }),
        );
        const { accessToken } = (await response.clone().json()) as Tokens;
        return sendTo(api, 'POST', '/auth/logout', undefined, accessToken);
      },
    ];
  }

  const readyWhen = async (ready: (sinks: LogSinks) => boolean): Promise<LogSinks> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { logSinks } = (await (await send(`${api.url}/health/ready`)).json()) as {
        logSinks: LogSinks;
      };
      if (ready(logSinks) || Date.now() > deadline) {
        return logSinks;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const sinkRecordOf = (requestId: string | null, event?: string) =>
    collector.waitFor(
      (record) =>
        record.json?.requestId === requestId &&
        (event === undefined
          ? record.json.message === 'request completed'
          : record.json.event === event),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-sink-'));
    collector = await createRsyslogCollector(dir);
    await collector.start();
    logs = captureLogs();
    logFile = join(dir, 'api.log');
    api = await startTestApp({
      imports: [EchoFixtureModule],
      env: {
        NODE_ENV: 'development',
        LOG_LEVEL: 'debug',
        UNSAFE_LOG_REQUEST_BODIES: 'true',
        LOG_FILE: logFile,
        LOG_SYSLOG_HOST: '127.0.0.1',
        LOG_SYSLOG_PORT: String(collector.port),
        LOG_SYSLOG_CA_FILE: collector.caFile,
        LOG_SYSLOG_SERVERNAME: 'localhost',
        LOG_SINK_BUFFER_SIZE: String(SINK_BUFFER_SIZE),
      },
      logger: logs.logger,
    });
    logger = api.app.get<BulwarkLogger>(APP_LOGGER);
  });
  afterAll(async () => {
    await api.close();
    logger.close();
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ships each event as one record over verified TLS, control characters escaped', async () => {
    const injected = 'Ada\r\n{"level":"error","message":"forged"}';
    const response = await postJson(`${api.url}/test-fixture/echo`, {
      name: injected,
      count: 1,
      address: { city: 'London' },
      'role\r\nadmin': true,
    });
    expect(response.status).toBe(400);
    const requestId = response.headers.get('x-request-id');
    const audit = await sinkRecordOf(requestId, 'malicious_extraneous');
    expect(audit.msgId).toBe('audit');
    expect(audit.json).toMatchObject({
      audit: true,
      outcome: 'failure',
      metadata: { fields: ['role\\r\\nadmin'] },
      service: 'bulwark-api',
    });
    const body = await collector.waitFor(
      (record) => record.json?.requestId === requestId && 'unsafeRequestBody' in record.json,
    );
    expect(body.json).toMatchObject({
      unsafeRequestBody: { name: 'Ada\\r\\n{"level":"error","message":"forged"}' },
    });
    await sinkRecordOf(requestId);

    // One record per event: what the console wrote for the request, the collector received whole.
    const consoleLines = logs.lines().filter((line) => line.requestId === requestId);
    const records = collector.records();
    expect(records.filter((record) => record.json?.requestId === requestId)).toHaveLength(
      consoleLines.length,
    );
    expect(records.every((record) => record.json !== undefined)).toBe(true);
    const text = collector.text();
    const controls = Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).filter(
      (code) => code < 0x20 && code !== 0x0a,
    );
    expect(controls).toEqual([]);
  });

  it('never writes a token, password or cookie to the console, the file, the sink or the audit table', async () => {
    const requestIds: (string | null)[] = [];
    const statuses: number[] = [];
    for (const flow of flows) {
      const response = await flow(api.url);
      requestIds.push(response.headers.get('x-request-id'));
      statuses.push(response.status);
    }
    // The identity flows did what they say: register, verify, login, me, refresh, replay (401),
    // change, login with the old password (401), forgot, reset, logout.
    expect(statuses.slice(-11)).toEqual([202, 204, 200, 200, 200, 401, 204, 401, 202, 204, 204]);
    await sinkRecordOf(requestIds.at(-1) ?? null);
    expect(await logger.flush(5_000)).toBe(true);
    const auditRows = JSON.stringify(
      await api.app.get(DataSource).query('SELECT * FROM audit_events'),
    );
    const outputs = {
      console: logs.text(),
      file: readFileSync(logFile, 'utf8'),
      sink: collector.text(),
      auditTable: auditRows,
    };
    for (const [output, text] of Object.entries(outputs)) {
      for (const requestId of requestIds) {
        expect(text, `${output} has the flows' events`).toContain(
          output === 'auditTable' ? 'input_validation_fail' : String(requestId),
        );
      }
      expect(secrets.length).toBeGreaterThan(SECRETS.length + ACCOUNT_PASSWORDS.length + 6);
      for (const secret of secrets) {
        expect(text.includes(secret), `${output} must not contain ${secret.slice(0, 12)}…`).toBe(
          false,
        );
      }
    }
  });

  it('keeps serving while the collector is down, counts what it drops, and resumes after a restart', async () => {
    // The identity flows above log in bursts that a 40-event buffer may already have shed.
    const before = await readyWhen(() => true);
    await collector.stop();
    // An audit event during the outage: the buffer keeps it over ordinary lines.
    const invalid = await postJson(`${api.url}/test-fixture/echo`, {
      name: 'x',
      count: -1,
      address: {},
    });
    expect(invalid.status).toBe(400);
    for (let batch = 0; batch < 6; batch += 1) {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => send(`${api.url}/health/live`)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    }
    const down = await readyWhen(() => true);
    expect(down.syslog.connected).toBe(false);
    expect(down.syslog.dropped).toBeGreaterThan(0);
    expect(down.syslog.droppedAudit).toBe(0);
    // The local file is another sink: the collector's outage costs it nothing.
    expect(down.file).toMatchObject({ connected: true, dropped: before.file.dropped });
    expect(logs.warnings().join('\n')).toMatch(
      /syslog sink unreachable[\s\S]*syslog sink buffer is full/,
    );

    await collector.start();
    // Shipping resumes on its own (backoff); each poll logs a line, so the buffer is never quite empty.
    const up = await readyWhen(
      (sinks) => sinks.syslog.connected && sinks.syslog.buffered < SINK_BUFFER_SIZE,
    );
    expect(up.syslog).toMatchObject({ connected: true, droppedAudit: 0 });
    expect(up.syslog.dropped).toBeGreaterThanOrEqual(down.syslog.dropped);
    const after = await send(`${api.url}/health/live`);
    await sinkRecordOf(after.headers.get('x-request-id'));
    await sinkRecordOf(invalid.headers.get('x-request-id'), 'input_validation_fail');
  });
});
