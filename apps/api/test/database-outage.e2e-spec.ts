import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedInUser, send } from './support/identity.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { describeWith, POSTGRES_SERVER_BINARIES } from './support/requirements.js';

interface Write {
  readonly status: number;
  readonly id?: string;
  readonly retryAfter: string | null;
  readonly contentType: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWith(POSTGRES_SERVER_BINARIES)('a PostgreSQL restart under write traffic', () => {
  let postgres: PrivatePostgres;
  let api: TestApp;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    api = await startTestApp({
      env: { DATABASE_URL: postgres.url, THROTTLE_DEFAULT: '100000/60' },
    });
  }, 60_000);
  afterAll(async () => {
    await api.close();
    postgres.destroy();
  });

  it('answers 503 with Retry-After while the database is down, recovers by itself, and keeps every 2xx write', async () => {
    const { accessToken } = await signedInUser(api, 'outage@example.com');
    const writes: Write[] = [];
    const stopWriting = new AbortController();
    const writer = (async () => {
      for (let index = 0; !stopWriting.signal.aborted; index += 1) {
        const response = await send(
          api,
          'POST',
          '/notes',
          { title: `n${index}`, body: 'b' },
          accessToken,
        );
        const body = (await response.json()) as { id?: string };
        writes.push({
          status: response.status,
          id: body.id,
          retryAfter: response.headers.get('retry-after'),
          contentType: response.headers.get('content-type'),
        });
      }
    })();
    try {
      while (writes.filter((write) => write.status === 201).length < 5) {
        await sleep(20);
      }
      postgres.stop();
      const readiness = await fetch(`${api.url}/health/ready`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ checks: { database: 'down' } });
      await sleep(2_000);
      const duringOutage = writes.length;
      postgres.start();
      // The pool reconnects by itself: writes succeed again without restarting the API.
      const deadline = Date.now() + 30_000;
      while (writes.slice(duringOutage).filter((write) => write.status === 201).length < 5) {
        expect(Date.now()).toBeLessThan(deadline);
        await sleep(50);
      }
      expect((await fetch(`${api.url}/health/ready`)).status).toBe(200);
    } finally {
      stopWriting.abort();
      await writer;
    }

    const refused = writes.filter((write) => write.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const write of refused) {
      expect(write).toMatchObject({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/) as unknown,
        contentType: expect.stringMatching(/^application\/problem\+json/) as unknown,
      });
    }
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const stored = await client.query<{ id: string }>('SELECT id::text AS id FROM notes');
      const answered = writes.filter((write) => write.status === 201).map((write) => write.id);
      expect(stored.rows.map((row) => row.id)).toEqual(expect.arrayContaining(answered));
    } finally {
      await client.end();
    }
  }, 120_000);
});
