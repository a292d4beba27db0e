import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './support/identity.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('authentication by default', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it.each([
    ['GET', '/users/me'],
    ['PATCH', '/users/me'],
    ['GET', '/auth/sessions'],
    ['POST', '/auth/logout'],
    ['POST', '/auth/logout-all'],
    ['POST', '/auth/password/change'],
  ])('answers %s %s without a token with 401 and a Bearer challenge', async (method, path) => {
    const response = await send(api, method, path, method === 'GET' ? undefined : {});
    await expectProblem(response, 401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('keeps public routes public', async () => {
    expect((await send(api, 'GET', '/health/live')).status).toBe(200);
    expect((await send(api, 'GET', '/.well-known/jwks.json')).status).toBe(200);
  });
});

describe('login under a flood', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      env: {
        PASSWORD_HASH_CONCURRENCY: '1',
        PASSWORD_HASH_QUEUE_SIZE: '1',
        LOGIN_LOCKOUT_THRESHOLD: '100',
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('sheds what hashing cannot take with 503 and Retry-After, never a 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        send(api, 'POST', '/auth/login', {
          email: `flood${i}@example.com`,
          password: 'correct horse battery staple',
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(new Set(statuses)).toEqual(new Set([401, 503]));
    for (const response of responses.filter((candidate) => candidate.status === 503)) {
      await expectProblem(response, 503);
      expect(response.headers.get('retry-after')).toBe('1');
    }
  });
});
