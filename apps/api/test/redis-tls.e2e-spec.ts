import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { closeRedis, connectRedis } from '../src/platform/redis/redis.client.js';
import { freePort } from './support/free-port.js';
import { writeServerAndForeignCa, type TestCertificates } from './support/test-certificates.js';
import { describeWith, REDIS_SERVER_BINARY } from './support/requirements.js';

// A redis-server of this suite's own serving TLS only (`port 0`), with a password, like ElastiCache
// with in-transit encryption and an AUTH token.
describeWith(REDIS_SERVER_BINARY)('REDIS_URL rediss:// with REDIS_CA_FILE', () => {
  const password = randomBytes(16).toString('hex');
  let dir: string;
  let server: TestCertificates;
  let foreignCa: string;
  let port: number;
  let redisServer: ChildProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-redis-tls-'));
    ({ server, foreignCa } = writeServerAndForeignCa(dir));
    port = await freePort();
    redisServer = spawn(
      'redis-server',
      [
        ['--port', '0'],
        ['--tls-port', String(port)],
        ['--bind', '127.0.0.1'],
        ['--tls-cert-file', server.certFile],
        ['--tls-key-file', server.keyFile],
        ['--tls-ca-cert-file', server.caFile],
        // The API authenticates with the password; it presents no client certificate.
        ['--tls-auth-clients', 'no'],
        ['--requirepass', password],
        ['--save', ''],
        ['--appendonly', 'no'],
      ].flat(),
      { stdio: 'ignore' },
    );
    await vi.waitFor(() => listening(port), { timeout: 10_000, interval: 50 });
  }, 30_000);
  afterAll(async () => {
    if (redisServer.exitCode === null) {
      redisServer.kill('SIGTERM');
      await once(redisServer, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** connectRedis as the API calls it, with the error codes it logged. */
  async function connected(url: string, caFile?: string): Promise<[Redis, string[]]> {
    const codes: string[] = [];
    const log = {
      warn: (_message: string, meta: Readonly<Record<string, unknown>>) =>
        codes.push(String(meta.code)),
    };
    return [await connectRedis(url, log, caFile), codes];
  }

  it('connects when the certificate chains to REDIS_CA_FILE and names the host', async () => {
    const [redis] = await connected(`rediss://:${password}@localhost:${port}`, server.caFile);
    try {
      await expect(redis.ping()).resolves.toBe('PONG');
    } finally {
      await closeRedis(redis);
    }
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const [redis, codes] = await connected(`rediss://:${password}@localhost:${port}`, foreignCa);
    try {
      await expect(redis.ping()).rejects.toThrow();
      // Redis sends its CA with its certificate: a root the client does not trust.
      expect(codes).toEqual(['SELF_SIGNED_CERT_IN_CHAIN']);
    } finally {
      await closeRedis(redis);
    }
  });

  it('refuses a certificate that does not name the host it reached', async () => {
    const [redis, codes] = await connected(
      `rediss://:${password}@127.0.0.1:${port}`,
      server.caFile,
    );
    try {
      await expect(redis.ping()).rejects.toThrow();
      expect(codes).toEqual(['ERR_TLS_CERT_ALTNAME_INVALID']);
    } finally {
      await closeRedis(redis);
    }
  });

  it('gets no answer from the TLS port over plain redis://', async () => {
    const [redis] = await connected(`redis://:${password}@localhost:${port}`);
    try {
      await expect(redis.ping()).rejects.toThrow();
      expect(redis.status).not.toBe('ready');
    } finally {
      await closeRedis(redis);
    }
  });
});

function listening(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}
