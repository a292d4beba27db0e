import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../src/local-secrets.js';
import { repoPath } from '../src/repo.js';

const HEALTHCHECK = repoPath('infra', 'docker', 'healthcheck.mjs');
let secrets: string;
const servers: Server[] = [];
const paths: string[] = [];

beforeAll(async () => {
  secrets = await generateLocalSecrets();
});

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

afterAll(() => {
  rmSync(dirname(secrets), { recursive: true, force: true });
});

/** A server answering `status` on loopback, as the API would; returns its port. */
async function serve(status: number, tls?: { cert: string; key: string }): Promise<number> {
  const handler = (
    request: { url?: string },
    response: { statusCode: number; end: (body: string) => void },
  ): void => {
    paths.push(request.url ?? '');
    response.statusCode = status;
    response.end('{}');
  };
  const server = tls === undefined ? createHttpServer(handler) : createHttpsServer(tls, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The image's HEALTHCHECK command with this environment: its exit status. */
function healthcheck(env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [HEALTHCHECK],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (error) => {
        resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : -1);
      },
    );
  });
}

const file = (name: string): string => readFileSync(join(secrets, name), 'utf8');

describe('the image health check (infra/docker/healthcheck.mjs)', () => {
  it('is healthy when GET /health/live answers 200', async () => {
    const port = await serve(200);
    expect(await healthcheck({ PORT: String(port) })).toBe(0);
    expect(paths.at(-1)).toBe('/health/live');
  });

  it('is unhealthy on any other status, or when nothing listens', async () => {
    expect(await healthcheck({ PORT: String(await serve(503)) })).toBe(1);
    const port = await serve(200);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await healthcheck({ PORT: String(port) })).toBe(1);
  });

  it('speaks TLS when TLS_CERT_FILE is set, and verifies the certificate against it', async () => {
    const port = await serve(200, { cert: file('api-tls-chain'), key: file('api-tls-key') });
    const env = { PORT: String(port), TLS_CERT_FILE: join(secrets, 'api-tls-chain') };
    expect(await healthcheck(env)).toBe(0);
    expect(await healthcheck({ PORT: String(port) })).toBe(1);
  });

  it('is unhealthy when the server presents another certificate than TLS_CERT_FILE', async () => {
    const port = await serve(200, { cert: file('redis-tls-cert'), key: file('redis-tls-key') });
    expect(
      await healthcheck({ PORT: String(port), TLS_CERT_FILE: join(secrets, 'api-tls-chain') }),
    ).toBe(1);
  });
});
