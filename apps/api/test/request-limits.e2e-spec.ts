import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Sends `count` extra header fields (fetch would refuse or merge some). */
function withHeaders(url: string, count: number): Promise<{ status: number; type: string }> {
  // Host first: Node refuses a request whose Host was dropped past the count with a bare 400.
  const headers = {
    host: new URL(url).host,
    ...Object.fromEntries(Array.from({ length: count }, (_, index) => [`x-filler-${index}`, 'a'])),
  };
  return new Promise((resolve, reject) => {
    httpRequest(`${url}/health/live`, { headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '' });
    })
      .on('error', reject)
      .end();
  });
}

describe('request limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ env: { MAX_URL_LENGTH: '256', MAX_HEADER_COUNT: '20' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers a URL longer than MAX_URL_LENGTH with 414 problem+json', async () => {
    const path = '/health/live?';
    expect((await fetch(`${api.url}${path}${'a'.repeat(256 - path.length)}`)).status).toBe(200);
    const problem = await expectProblem(
      await fetch(`${api.url}${path}${'a'.repeat(257 - path.length)}`),
      414,
    );
    expect(problem.detail).toBe('The URL is longer than the server accepts.');
  });

  it('answers more header fields than MAX_HEADER_COUNT with 431 problem+json', async () => {
    // Node's client adds Host and Connection.
    expect(await withHeaders(api.url, 18)).toEqual({
      status: 200,
      type: expect.stringMatching(/^application\/json/) as unknown,
    });
    expect(await withHeaders(api.url, 19)).toEqual({
      status: 431,
      type: expect.stringMatching(/^application\/problem\+json/) as unknown,
    });
    expect((await withHeaders(api.url, 500)).status).toBe(431);
  });
});
