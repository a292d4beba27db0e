import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateLocalSecrets } from '../src/local-secrets.js';
import { readRepoFile } from '../src/repo.js';

// The compose stack's collector and Redis configurations, run by the real daemons (the ones .ci/run
// and ci.yml install) with the generated certificates: what the stack's TLS means, proven here.
let secrets: string;
let work: string;
const daemons: ChildProcess[] = [];
const secret = (name: string): string => readFileSync(join(secrets, name), 'utf8');

beforeAll(async () => {
  secrets = await generateLocalSecrets();
  work = join(dirname(secrets), 'work');
  mkdirSync(work);
});

afterAll(async () => {
  await Promise.all(
    daemons.map(async (daemon) => {
      if (daemon.exitCode === null) {
        daemon.kill('SIGTERM');
        await once(daemon, 'exit');
      }
    }),
  );
  rmSync(dirname(secrets), { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The daemon on PATH: without it the suite is skipped on a developer's machine (with Vitest's
 * count of skipped tests); CI installs both and sets CI, where a missing one fails instead.
 */
function installed(command: string, versionFlag: string): boolean {
  const present = spawnSync(command, [versionFlag], { stdio: 'ignore' }).status === 0;
  if (!present && process.env.CI !== undefined && process.env.CI !== '') {
    throw new Error(`CI runs every suite, but ${command} is not installed`);
  }
  return present;
}

/** Starts `command`, and waits until it accepts TCP connections on `port`. */
async function startDaemon(command: string, args: string[], port: number): Promise<void> {
  const daemon = spawn(command, args, { stdio: 'ignore' });
  daemons.push(daemon);
  await vi.waitFor(
    () =>
      new Promise<void>((resolve, reject) => {
        if (daemon.exitCode !== null) {
          reject(new Error(`${command} exited with ${String(daemon.exitCode)}`));
          return;
        }
        const socket = connectTcp(port, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      }),
    { timeout: 10_000, interval: 100 },
  );
}

/**
 * Opens TLS to `port` and writes `payload`; returns what the server answered once `done` holds of it
 * (without `done`, the client closes once written), or when the server closed the connection.
 */
function exchange(
  port: number,
  options: ConnectionOptions,
  payload: string,
  done?: (received: string) => boolean,
): Promise<string> {
  return new Promise((resolve) => {
    let received = '';
    const socket = connectTls(
      { host: '127.0.0.1', port, ca: secret('ca-cert'), ...options },
      () => {
        socket.write(payload, () => {
          if (done === undefined) {
            socket.end();
          }
        });
      },
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (done?.(received) === true) {
        socket.end();
      }
    });
    // A guard against a hang; every exchange below ends well before it.
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve(received);
    });
  });
}

describe.runIf(installed('rsyslogd', '-v'))(
  'the log collector (infra/docker/rsyslog/rsyslog.conf)',
  () => {
    let port: number;
    const logs = (): string => join(work, 'logs');
    const syslog = (text: string): string => {
      const message = `<134>1 2026-01-01T00:00:00.000Z api bulwark-api 1 audit - ${JSON.stringify({ text })}`;
      return `${Buffer.byteLength(message)} ${message}`;
    };

    beforeAll(async () => {
      port = await freePort();
      mkdirSync(logs());
      const config = readRepoFile('infra/docker/rsyslog/rsyslog.conf')
        .replaceAll('/run/secrets/', `${secrets}/`)
        .replaceAll('/var/log/bulwark', logs())
        .replace('workDirectory="/tmp"', `workDirectory="${work}"`)
        .replace('port="6514"', `port="${String(port)}"`);
      expect(config).not.toContain('/run/secrets');
      const file = join(work, 'rsyslog.conf');
      writeFileSync(file, config);
      await startDaemon('rsyslogd', ['-n', '-f', file, '-i', join(work, 'rsyslogd.pid')], port);
    });

    it("accepts the API's client certificate and writes its audit events to both files", async () => {
      const client = {
        servername: 'logs',
        cert: secret('api-client-cert'),
        key: secret('api-client-key'),
      };
      await exchange(port, client, syslog('from the api'));
      await vi.waitFor(() => {
        expect(readFileSync(join(logs(), 'audit.log'), 'utf8')).toContain('from the api');
      });
      expect(readFileSync(join(logs(), 'api.log'), 'utf8')).toContain('from the api');
    });

    it('refuses a client without a certificate, or with one that does not name the API', async () => {
      await exchange(port, { servername: 'logs' }, syslog('anonymous'));
      const postgres = {
        servername: 'logs',
        cert: secret('postgres-tls-cert'),
        key: secret('postgres-tls-key'),
      };
      await exchange(port, postgres, syslog('impostor'));
      await exchange(
        port,
        { servername: 'logs', cert: secret('api-client-cert'), key: secret('api-client-key') },
        syslog('marker'),
      );
      await vi.waitFor(() => {
        expect(readFileSync(join(logs(), 'api.log'), 'utf8')).toContain('marker');
      });
      const written = readFileSync(join(logs(), 'api.log'), 'utf8');
      expect(written).not.toContain('anonymous');
      expect(written).not.toContain('impostor');
    });
  },
);

describe.runIf(installed('redis-server', '--version'))(
  'Redis (infra/docker/redis/redis.conf)',
  () => {
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      const config = readRepoFile('infra/docker/redis/redis.conf')
        .replaceAll('/run/secrets/', `${secrets}/`)
        .replace('tls-port 6379', `tls-port ${String(port)}`);
      const file = join(work, 'redis.conf');
      writeFileSync(file, `${config}dir ${work}\n`);
      await startDaemon('redis-server', [file], port);
      expect(existsSync(join(secrets, 'redis-auth-conf'))).toBe(true);
    });

    it('answers a client that verifies it and gives the password', async () => {
      const reply = await exchange(
        port,
        { servername: 'redis' },
        `AUTH default ${secret('redis-password')}\r\nPING\r\n`,
        (received) => received.includes('PONG') || received.startsWith('-'),
      );
      expect(reply).toBe('+OK\r\n+PONG\r\n');
    });

    it('refuses a client without the password', async () => {
      const reply = await exchange(port, { servername: 'redis' }, 'PING\r\n', (received) =>
        received.endsWith('\r\n'),
      );
      expect(reply).toMatch(/^-NOAUTH/);
    });

    it('has no plaintext port: a plain connection gets no answer', async () => {
      const reply = await new Promise<string>((resolve) => {
        let received = '';
        const socket = connectTcp(port, '127.0.0.1', () => socket.write('PING\r\n'));
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (received += chunk));
        socket.setTimeout(1_000, () => socket.destroy());
        socket.on('error', () => undefined);
        socket.on('close', () => {
          resolve(received);
        });
      });
      expect(reply).not.toContain('PONG');
    });
  },
);
