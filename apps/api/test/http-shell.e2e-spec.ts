import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/platform/database/migrations/index.js';
import { EchoFixtureModule } from './support/echo.fixture.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const validEcho = { name: 'Ada', count: 2, address: { city: 'London' } };

function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe.each(testDatabases())('API shell on $kind', (database) => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ database, imports: [EchoFixtureModule] });
  });
  afterAll(async () => {
    await api.close();
  });

  describe('health', () => {
    it('answers liveness without touching dependencies', async () => {
      const response = await fetch(`${api.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('reports the database ready after migrations ran', async () => {
      const response = await fetch(`${api.url}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: { database: 'up' },
        logSinks: {},
        uploads: { fileStore: 'up', malwareScanner: 'unconfigured' },
      });
      const applied: unknown[] = await api.app
        .get(DataSource)
        .query('SELECT name FROM migrations ORDER BY id');
      expect(applied).toEqual(migrations.map((migration) => ({ name: migration.name })));
      const publicCreate: unknown[] = await api.app.get(DataSource).query(
        `SELECT 1 FROM pg_namespace, aclexplode(nspacl) AS acl
         WHERE nspname = 'public' AND acl.grantee = 0 AND acl.privilege_type = 'CREATE'`,
      );
      expect(publicCreate).toEqual([]);
    });
  });

  describe('request id', () => {
    it('echoes a well-formed incoming X-Request-Id', async () => {
      const response = await fetch(`${api.url}/health/live`, {
        headers: { 'x-request-id': 'trace-42.a:b_c' },
      });
      expect(response.headers.get('x-request-id')).toBe('trace-42.a:b_c');
    });

    it.each([
      ['too long', 'a'.repeat(129)],
      ['unsafe characters', 'abc"}{\\u0000'],
      ['spaces', 'two words'],
    ])('replaces an incoming id with %s', async (_label, incoming) => {
      const response = await fetch(`${api.url}/health/live`, {
        headers: { 'x-request-id': incoming },
      });
      const id = response.headers.get('x-request-id');
      expect(id).not.toBe(incoming);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('generates distinct ids when none is sent', async () => {
      const [a, b] = await Promise.all([
        fetch(`${api.url}/health/live`),
        fetch(`${api.url}/health/live`),
      ]);
      expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
    });
  });

  describe('security headers', () => {
    it.each(['/health/live', '/no-such-route'])('sends the API header set on %s', async (path) => {
      const response = await fetch(`${api.url}${path}`);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'x-permitted-cross-domain-policies': 'none',
        'cache-control': 'no-store',
      });
      const features = response.headers.get('permissions-policy')?.split(', ') ?? [];
      expect(features).toEqual(expect.arrayContaining(['camera=()', 'geolocation=()', 'usb=()']));
      expect(features.every((feature) => feature.endsWith('=()'))).toBe(true);
      expect(response.headers.has('x-powered-by')).toBe(false);
      expect(response.headers.has('server')).toBe(false);
      // HSTS only means something over TLS; see tls.e2e-spec.ts.
      expect(response.headers.has('strict-transport-security')).toBe(false);
    });

    it('allows no cross-origin caller by default', async () => {
      const preflight = await fetch(`${api.url}/test-fixture/echo`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.has('access-control-allow-origin')).toBe(false);
      const simple = await fetch(`${api.url}/health/live`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(simple.headers.has('access-control-allow-origin')).toBe(false);
    });
  });

  describe('errors are problem+json without internals', () => {
    it('rejects malformed JSON with 400', async () => {
      const body = await expectProblem(
        await postJson(`${api.url}/test-fixture/echo`, '{"name": "Ada",'),
        400,
      );
      expect(body.detail).toBe('The request body is not valid JSON.');
    });

    it('rejects a body over the limit with 413', async () => {
      const large = JSON.stringify({
        ...validEcho,
        name: 'x'.repeat(api.config.http.bodyLimitBytes),
      });
      await expectProblem(await postJson(`${api.url}/test-fixture/echo`, large), 413);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
      'rejects %s with 415',
      async (contentType) => {
        const response = await fetch(`${api.url}/test-fixture/echo`, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: 'name=Ada',
        });
        const body = await expectProblem(response, 415);
        expect(body.detail).toBe('Send the body as application/json.');
      },
    );

    it('answers unknown routes with 404', async () => {
      await expectProblem(await fetch(`${api.url}/admin/../etc/passwd`), 404);
      await expectProblem(await fetch(`${api.url}/no-such-route`, { method: 'DELETE' }), 404);
    });

    it('hides an unexpected exception behind a generic 500', async () => {
      const body = await expectProblem(await fetch(`${api.url}/test-fixture/crash`), 500);
      expect(body).toEqual({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        requestId: body.requestId,
      });
    });

    it('refuses prototype pollution in a body', async () => {
      const refusals: readonly (readonly [body: string, detail: string])[] = [
        [
          '{"name":"Ada","count":1,"address":{"city":"x"},"__proto__":{"isAdmin":true}}',
          'The body has a "__proto__" key, refused: it could change the prototype of objects.',
        ],
        [
          '{"name":"Ada","count":1,"address":{"city":"x","\\u005f_proto__":{"isAdmin":true}}}',
          'The body has a "__proto__" key, refused: it could change the prototype of objects.',
        ],
        [
          '{"name":"Ada","count":1,"address":{"constructor":{"prototype":{"isAdmin":true}}}}',
          'The body has a "constructor" key holding "prototype", refused: it could change the prototype of objects.',
        ],
      ];
      for (const [poisoned, detail] of refusals) {
        const body = await expectProblem(
          await postJson(`${api.url}/test-fixture/echo`, poisoned),
          400,
        );
        expect(body).toMatchObject({ type: 'urn:bulwark:problem:malformed-body', detail });
      }
      expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    });
  });

  describe('validation', () => {
    it('accepts a valid body', async () => {
      const response = await postJson(`${api.url}/test-fixture/echo`, JSON.stringify(validEcho));
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual(validEcho);
    });

    it('rejects unknown fields, naming them without their values', async () => {
      const response = await postJson(
        `${api.url}/test-fixture/echo`,
        JSON.stringify({
          ...validEcho,
          roles: ['admin'],
          address: { city: 'Paris', zip: 'secret-zip-value' },
        }),
      );
      const body = await expectProblem(response, 400);
      const names = (body.invalidParams as { name: string }[]).map((param) => param.name);
      expect(names).toEqual(expect.arrayContaining(['roles', 'address.zip']));
      expect(JSON.stringify(body)).not.toContain('secret-zip-value');
      expect(JSON.stringify(body)).not.toContain('admin');
    });

    it('rejects wrong types, naming every offending field', async () => {
      const response = await postJson(
        `${api.url}/test-fixture/echo`,
        JSON.stringify({ name: 42, count: 'many-secret-count', address: { city: 7 } }),
      );
      const body = await expectProblem(response, 400);
      const names = new Set((body.invalidParams as { name: string }[]).map((param) => param.name));
      expect([...names].sort()).toEqual(['address.city', 'count', 'name']);
      expect(JSON.stringify(body)).not.toContain('many-secret-count');
    });

    it.each(['[]', '"a string"', 'null', '42'])('rejects a non-object body %s', async (payload) => {
      await expectProblem(await postJson(`${api.url}/test-fixture/echo`, payload), 400);
    });
  });

  describe('OpenAPI UI', () => {
    it('is served at /docs outside production', async () => {
      const response = await fetch(`${api.url}/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    });
  });

  describe('readiness when the database is gone', () => {
    it('answers 503 problem+json naming only the failed check', async () => {
      await api.app.get(DataSource).destroy();
      const body = await expectProblem(await fetch(`${api.url}/health/ready`), 503);
      expect(body.checks).toEqual({ database: 'down' });
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    });
  });
});
