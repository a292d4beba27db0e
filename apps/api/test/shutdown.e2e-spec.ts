import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDataContext } from '../src/cli/data-context.js';
import { loadConfig } from '../src/app.config.js';
import { runApiEntry } from './support/api-process.js';
import { GOOD_PASSWORD, signedInUser } from './support/identity.js';
import { startTestApp } from './support/test-app.js';
import {
  createScratchDatabase,
  testDatabases,
  type ScratchDatabase,
} from './support/test-database.js';

const BURST = 24;

interface Answer {
  readonly status: number;
  readonly requestId: string | null;
}

/** A login over its own connection, which the test may reset before the answer. */
function rawLogin(port: number, body: string): { socket: Socket; answer: Promise<Answer> } {
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  const answer = new Promise<Answer>((resolve) => {
    socket.once('close', () => {
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0),
        requestId: /\r\nx-request-id: (\S+)/i.exec(received)?.[1] ?? null,
      });
    });
    socket.once('error', () => undefined);
  });
  return { socket, answer };
}

describe.each(testDatabases())('graceful shutdown on $kind', (database) => {
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-shutdown-'));
    scratch =
      database.kind === 'postgres' ? await createScratchDatabase(database.adminUrl) : undefined;
    env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      THROTTLE_LOGIN: '1000/60',
      // One hash at a time: the burst's logins finish one after another, long after SIGTERM.
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE_SIZE: String(BURST),
      ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    };
  });
  afterEach(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets every handler finish before the pool closes, even those whose client hung up at SIGTERM', async () => {
    // A signed-in user, made on the same database and keys by an application in this process.
    const setup = await startTestApp({ env });
    await signedInUser(setup, 'drain@example.com');
    await setup.close();

    const server = runApiEntry('main', [], env);
    const url = (await server.waitForLine(/Listening on (http:\/\/\S+) /))[1]!;
    const { port } = new URL(url);
    const body = JSON.stringify({ email: 'drain@example.com', password: GOOD_PASSWORD });
    // Each login is audited (authn_login_success) before its 200.
    const logins = Array.from({ length: BURST }, () => rawLogin(Number(port), body));
    await Promise.race(logins.map((login) => login.answer));
    // The later logins of the burst wait for the hasher. Their clients reset the connection (as
    // a client that times out does): nothing holds the HTTP server open for their handlers.
    server.child.kill('SIGTERM');
    for (const login of logins.slice(BURST / 4)) {
      login.socket.resetAndDestroy();
    }
    const answers = logins.map((login) => login.answer);
    const settled = await Promise.all(answers);
    expect(await server.exited()).toBe(0);

    const lines = server
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // No handler met a closed pool (a 500) and no audit row was refused (stored: false).
    expect(lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(lines.filter((line) => line.status === 500)).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ message: 'Stopped' });

    const answered = settled.filter((answer) => answer.status >= 200 && answer.status < 300);
    expect(answered.length).toBeGreaterThan(0);
    expect(settled.filter((answer) => answer.status >= 500)).toEqual([]);
    const { audited, sessions } = await withDataContext(loadConfig(env), async (context) => {
      const dataSource = context.get(DataSource);
      const rows: { request_id: string }[] = await dataSource.query(
        `SELECT request_id FROM audit_events WHERE event = 'authn_login_success'`,
      );
      const [count]: { count: number }[] = await dataSource.query(
        'SELECT count(*)::int AS count FROM sessions',
      );
      return { audited: rows.map((row) => row.request_id), sessions: count?.count };
    });
    for (const { requestId } of answered) {
      expect(audited).toContain(requestId);
    }
    // Every login that reached its session, whether or not its client stayed, was audited.
    expect(audited).toHaveLength(sessions!);
  }, 120_000);
});
