import { afterEach, expect, it } from 'vitest';
import { closedRedisUrl, TEST_REDIS_URL } from './support/redis.js';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { describeWith, REDIS } from './support/requirements.js';

describeWith(REDIS)('readiness with REDIS_URL set', () => {
  let api: TestApp | undefined;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('reports Redis up alongside the database', async () => {
    api = await startTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: { database: 'up', redis: 'up' },
    });
  });

  it('starts while Redis is down and answers 503 naming only the failed check', async () => {
    api = await startTestApp({ env: { REDIS_URL: await closedRedisUrl() } });
    const started = performance.now();
    const body = await expectProblem(await fetch(`${api.url}/health/ready`), 503);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(body.checks).toEqual({ database: 'up', redis: 'down' });
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
  });
});
