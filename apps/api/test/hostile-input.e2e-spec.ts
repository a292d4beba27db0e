import { connect } from 'node:net';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_BODY_LIMITS } from '../src/platform/http/bounded-json.parser.js';
import { captureLogs, type LogCapture } from './support/log-capture.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const UNAUTHENTICATED_BODY_ROUTES = ['/auth/login', '/auth/register', '/auth/password/forgot'];

/** Sends raw bytes and resolves with everything the server wrote before closing the socket. */
function rawExchange(url: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.once('close', () => {
      resolve(received);
    });
    socket.once('error', reject);
    socket.write(request);
  });
}

function postRaw(url: string, body: string | Uint8Array): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

/** What every answer must carry, refused before routing or not. */
function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
}

describe.each(testDatabases())('hostile input on $kind', (database) => {
  let api: TestApp;
  let logs: LogCapture;

  beforeAll(async () => {
    logs = captureLogs();
    api = await startTestApp({ database, logger: logs.logger, env: { LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('JSON bodies, bounded before any guard or handler', () => {
    const deep = `{"email":${'['.repeat(20_000)}${']'.repeat(20_000)},"password":"x"}`;
    const wide = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: JSON_BODY_LIMITS.maxKeysPerObject + 1 }, (_, key) => [`k${key}`, 1]),
      ),
    );
    const long = JSON.stringify({ email: Array.from({ length: 1_001 }, () => 1) });
    // The review's attack: a 90 KB unknown property name made of JWT prefixes.
    const jwtPrefixKey = `{"${'eyJ'.repeat(30_000)}":1}`;
    const loneSurrogateValue = '{"email":"\\ud800@example.com","password":"correct horse battery"}';
    const loneSurrogateKey = '{"\\udc00":1}';

    it.each(UNAUTHENTICATED_BODY_ROUTES)(
      'refuses a body nested 20 000 deep on %s with 400',
      async (route) => {
        const problem = await expectProblem(await postRaw(`${api.url}${route}`, deep), 400);
        expect(problem).toMatchObject({
          type: 'urn:bulwark:problem:malformed-body',
          detail: 'The body nests deeper than 16 levels.',
        });
      },
    );

    it.each([
      ['more keys than an object may hold', wide, 'more than 100 keys'],
      ['a longer array than the body may hold', long, 'more than 1000 items'],
      ['a 90 KB key of JWT prefixes', jwtPrefixKey, 'longer than 128 characters'],
      ['a lone surrogate in a value', loneSurrogateValue, 'not well-formed Unicode'],
      ['a lone surrogate in a key', loneSurrogateKey, 'not well-formed Unicode'],
    ])('refuses %s with 400 on every e-mail route', async (_label, body, detail) => {
      for (const route of UNAUTHENTICATED_BODY_ROUTES) {
        const problem = await expectProblem(await postRaw(`${api.url}${route}`, body), 400);
        expect(problem.detail).toContain(detail);
      }
    });

    it('refuses bytes that are not UTF-8 with 400', async () => {
      const body = Buffer.concat([
        Buffer.from('{"email":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]);
      const problem = await expectProblem(await postRaw(`${api.url}/auth/login`, body), 400);
      expect(problem.detail).toBe('The body is not valid UTF-8.');
    });

    it('audits a refused body with the bound it broke, never what it held', async () => {
      const response = await postRaw(`${api.url}/auth/register`, jwtPrefixKey);
      await expectProblem(response, 400);
      const rows: { metadata: Record<string, unknown> }[] = await api.app
        .get(DataSource)
        .query(`SELECT metadata FROM audit_events WHERE request_id = $1`, [
          response.headers.get('x-request-id'),
        ]);
      expect(rows).toEqual([
        { metadata: { reason: 'A key in the body is longer than 128 characters.' } },
      ]);
      const line = await logs.waitFor(
        (entry) =>
          entry.requestId === response.headers.get('x-request-id') && entry.level === 'warn',
      );
      expect(JSON.stringify(line)).not.toContain('eyJeyJ');
    });

    it('still accepts an ordinary body and answers it', async () => {
      const response = await postRaw(
        `${api.url}/auth/login`,
        JSON.stringify({ email: 'nobody@example.com', password: 'correct horse battery staple' }),
      );
      await expectProblem(response, 401);
    });
  });

  describe('requests refused before the application sees them', () => {
    it.each([
      ['an undecodable path segment', '/notes/%E0%A4%A', 400],
      ['a lone surrogate in the path', '/notes/%ED%A0%80', 400],
      ['an over-long path parameter', `/notes/${'a'.repeat(200)}`, 414],
    ])(
      'answers %s with problem+json, the security headers and an access-log line',
      async (_label, path, status) => {
        const response = await fetch(`${api.url}${path}`);
        const problem = await expectProblem(response, status);
        expectSecurityHeaders(response.headers);
        expect(JSON.stringify(problem)).not.toContain('notes');
        expect(problem).not.toHaveProperty('code');
        await logs.waitFor(
          (line) =>
            line.requestId === response.headers.get('x-request-id') &&
            line.message === 'request completed' &&
            line.status === status,
        );
      },
    );

    it.each([
      [
        'an invalid Content-Length',
        'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
        400,
      ],
      ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400],
      [
        'headers larger than the server accepts',
        `GET /health/live HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
      ],
    ])(
      'answers %s from the HTTP parser with problem+json and an access-log line',
      async (_label, request, status) => {
        const received = await rawExchange(api.url, request);
        const [head = '', body = ''] = received.split('\r\n\r\n');
        expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        const headers = new Headers(
          head
            .split('\r\n')
            .slice(1)
            .map((line) => line.split(': ', 2) as [string, string]),
        );
        expect(headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expectSecurityHeaders(headers);
        const problem = JSON.parse(body) as Record<string, unknown>;
        expect(problem).toMatchObject({ status, requestId: headers.get('x-request-id') });
        expect(body).not.toMatch(/Client Error|statusCode|HPE_/);
        await logs.waitFor(
          (line) => line.requestId === headers.get('x-request-id') && line.status === status,
        );
      },
    );
  });
});
