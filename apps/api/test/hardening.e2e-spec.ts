import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { expectProblem } from './support/problem.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Sends raw bytes and resolves with everything the server wrote before closing the socket. */
function rawExchange(url: string, chunks: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.once('close', () => {
      resolve(received);
    });
    socket.once('error', reject);
    for (const chunk of chunks) {
      socket.write(chunk);
    }
  });
}

describe('HTTP hardening', () => {
  let api: TestApp | undefined;

  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it('closes a connection whose headers never finish (slowloris)', async () => {
    api = await startTestApp({ env: { HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '500' } });
    const received = await rawExchange(api.url, ['GET /health/live HTTP/1.1\r\nHost: x\r\n']);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('refuses oversized headers with 431', async () => {
    api = await startTestApp({ env: { MAX_HEADER_BYTES: '4096' } });
    const response = await fetch(`${api.url}/health/live`, {
      headers: { 'x-filler': 'a'.repeat(8192) },
    });
    expect(response.status).toBe(431);
  });

  it('allows only the configured CORS origins', async () => {
    api = await startTestApp({ env: { CORS_ORIGINS: 'https://app.example.com' } });
    const preflight = (origin: string) =>
      fetch(`${api!.url}/health/live`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.has('access-control-allow-credentials')).toBe(false);
    const refused = await preflight('https://app.example.com.evil.example');
    expect(refused.headers.has('access-control-allow-origin')).toBe(false);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
    api = await startTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1/32' } });
    const viaProxy = await fetch(`${api.url}/health/live`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    await api.close();

    api = await startTestApp({ env: { TRUSTED_PROXIES: '10.0.0.0/8' } });
    const spoofed = await fetch(`${api.url}/health/live`, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers.has('strict-transport-security')).toBe(false);
  });

  it('does not serve the OpenAPI UI in production', async () => {
    api = await startTestApp({
      configure: (config) => ({ ...config, isProduction: true, docsEnabled: false }),
    });
    await expectProblem(await fetch(`${api.url}/docs`), 404);
    await expectProblem(await fetch(`${api.url}/docs-json`), 404);
  });
});
