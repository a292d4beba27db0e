import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApiEntry } from './support/api-process.js';

describe('API process', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-boot-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['PORT', { PORT: 'not-a-port' }],
    ['CORS_ORIGINS', { NODE_ENV: 'production', CORS_ORIGINS: '*' }],
    ['DATABASE_URL_FILE', { NODE_ENV: 'production', DATABASE_URL_FILE: '/nonexistent/url' }],
    [
      'TLS_CERT_FILE',
      { TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: '/nonexistent/key.pem' },
    ],
  ])('stops on a bad %s with one line naming it and no stack trace', async (name, env) => {
    const api = runApiEntry('main', [], { DATA_DIR: dataDir, ...env });
    expect(await api.exited()).toBe(1);
    const lines = api.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${name}: `);
    expect(api.stderr()).not.toMatch(/\n\s+at /);
  });

  it('serves on the embedded database, drains on SIGTERM and starts again on the same data', async () => {
    const env = {
      DATA_DIR: dataDir,
      PORT: '0',
      NODE_ENV: 'development',
      SHUTDOWN_TIMEOUT_MS: '1500',
    };
    const first = runApiEntry('main', [], env);
    const [, url] = await first.waitForLine(/Listening on (http:\/\/[^ ]+) /);
    expect(first.stdout()).toContain('Generated development keys');
    expect((await fetch(`${url!}/health/ready`)).status).toBe(200);

    // A request whose body is still arriving when SIGTERM lands is answered, not cut.
    const inFlight = connect(Number(new URL(url!).port), '127.0.0.1');
    let answer = '';
    inFlight.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const answered = new Promise((resolve) => inFlight.once('end', resolve));
    inFlight.write('POST /health/live HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    inFlight.write('Connection: close\r\nContent-Length: 2\r\n\r\n{');
    // A client that connects and says nothing must not hold the shutdown open.
    const silent = connect(Number(new URL(url!).port), '127.0.0.1');
    const silentClosed = new Promise((resolve) => silent.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));

    first.child.kill('SIGTERM');
    await first.waitForLine(/SIGTERM received/);
    inFlight.end('}');
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(await first.exited()).toBe(0);
    await silentClosed;

    const second = runApiEntry('main', [], env);
    const [, secondUrl] = await second.waitForLine(/Listening on (http:\/\/[^ ]+) /);
    expect(second.stdout()).not.toContain('Generated development keys');
    expect((await fetch(`${secondUrl!}/health/ready`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);
  });
});
