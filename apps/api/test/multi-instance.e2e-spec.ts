import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { TEST_REDIS_URL } from './support/redis.js';
import { runApiEntry, type ApiProcess } from './support/api-process.js';
import { authenticatorCode } from './support/authenticator.js';
import { GOOD_PASSWORD, login, send, type ApiEndpoint } from './support/identity.js';
import { bodyOf } from './support/api-client.js';
import { enrolTotp, passwordStep, PROBLEM, verifyMfa } from './support/mfa.js';
import { latestMailedToken } from './support/outbox.js';
import { expectProblem, type ProblemBody } from './support/problem.js';
import { createScratchDatabase, type ScratchDatabase } from './support/test-database.js';
import { describeWith, POSTGRES, REDIS } from './support/requirements.js';

// PostgreSQL, never PGlite: PGlite lives inside a single process.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? '';
const LOGIN_LIMIT = 4;
// Below LOGIN_LIMIT, so that locking an account and then trying it fit in one window's budget.
const LOCKOUT_THRESHOLD = 3;
const WRONG_PASSWORD = 'wrong horse battery staple';

describeWith(POSTGRES, REDIS)('two API processes sharing PostgreSQL and Redis', () => {
  const running: ApiProcess[] = [];
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let a: ApiEndpoint;
  let b: ApiEndpoint;

  async function start(env: Readonly<Record<string, string>>): Promise<ApiEndpoint> {
    const api = runApiEntry('main', [], env);
    running.push(api);
    const [, url] = await api.waitForLine(/Listening on (http:\/\/\S+) /);
    return { url: url! };
  }

  /** Registers on A and follows the verification mail, which either process writes to DATA_DIR. */
  async function registerVerified(email: string): Promise<void> {
    const password = GOOD_PASSWORD;
    expect((await send(a, 'POST', '/auth/register', { email, password })).status).toBe(202);
    // The account is hashed and mailed after the answer; the timeout is a hang guard only.
    const token = await vi.waitFor(() => latestMailedToken(dataDir, email, 'bev'), {
      timeout: 30_000,
    });
    expect((await send(a, 'POST', '/auth/verify-email', { token })).status).toBe(204);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-multi-instance-'));
    scratch = await createScratchDatabase(ADMIN_URL);
    const env = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      DATABASE_URL: scratch.url,
      REDIS_URL: TEST_REDIS_URL,
      THROTTLE_LOGIN: `${LOGIN_LIMIT}/600`,
      LOGIN_LOCKOUT_THRESHOLD: String(LOCKOUT_THRESHOLD),
      // Every request comes from 127.0.0.1, whose per-address counters and ban (under the fixed
      // key prefix) other suites share: only the per-account limits are under test here.
      THROTTLE_DEFAULT: '100000/60',
      IP_BAN_DISTINCT_ACCOUNTS: '1000',
      SHUTDOWN_TIMEOUT_MS: '1000',
    };
    // One after the other: A generates the keys into DATA_DIR and migrates; B reuses both. Keys
    // new to this run make every per-account Redis key (a digest under them) this run's own.
    a = await start(env);
    b = await start(env);
  });
  afterAll(async () => {
    await Promise.all(
      running.map((api) => {
        api.child.kill('SIGTERM');
        return api.exited();
      }),
    );
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('admits at most the login limit of attempts for one account across both', async () => {
    const email = 'throttled@example.com';
    await registerVerified(email);

    const answers = await Promise.all(
      Array.from({ length: 3 * LOGIN_LIMIT }, async (_, index) => {
        const response = await send(index % 2 === 0 ? a : b, 'POST', '/auth/login', {
          email,
          password: WRONG_PASSWORD,
        });
        const { type } = (await response.json()) as ProblemBody;
        return { type, status: response.status, retryAfter: response.headers.get('retry-after') };
      }),
    );

    const limited = ({ type }: { type: string }) => type === `${PROBLEM}rate-limited`;
    const admitted = answers.filter((answer) => !limited(answer));
    expect(admitted).toHaveLength(LOGIN_LIMIT);
    for (const { status, retryAfter } of answers.filter(limited)) {
      expect(status).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    }
    // The admitted ones reached the password check: a wrong password, or the lockout it caused.
    for (const { type } of admitted) {
      expect([`${PROBLEM}invalid-credentials`, `${PROBLEM}too-many-attempts`]).toContain(type);
    }
  });

  it('refuses on B the right password of an account locked through A', async () => {
    const email = 'locked@example.com';
    await registerVerified(email);
    for (let attempt = 0; attempt < LOCKOUT_THRESHOLD; attempt++) {
      const wrong = await send(a, 'POST', '/auth/login', { email, password: WRONG_PASSWORD });
      await expectProblem(wrong, 401);
    }

    const right = await send(b, 'POST', '/auth/login', { email, password: GOOD_PASSWORD });
    expect((await expectProblem(right, 429)).type).toBe(`${PROBLEM}too-many-attempts`);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses on B the very next request after a logout on A', async () => {
    const email = 'logout@example.com';
    await registerVerified(email);
    const { accessToken } = await login(a, email);
    expect((await send(b, 'GET', '/users/me', undefined, accessToken)).status).toBe(200);

    expect((await send(a, 'POST', '/auth/logout', undefined, accessToken)).status).toBe(204);
    await expectProblem(await send(b, 'GET', '/users/me', undefined, accessToken), 401);
  });

  it('refuses on B a TOTP code accepted on A', async () => {
    const email = 'totp@example.com';
    await registerVerified(email);
    const { secret, anchorMs } = await enrolTotp(a, (await login(a, email)).accessToken);
    const onA = await passwordStep(a, email);
    const onB = await passwordStep(b, email);
    // The step after the confirming code's: unused yet, and valid within a step either side of now.
    const code = authenticatorCode(secret, anchorMs, 1);

    await bodyOf(verifyMfa(a, onA.mfaToken, { code }));
    const replayed = await expectProblem(await verifyMfa(b, onB.mfaToken, { code }), 401);
    expect(replayed.type).toBe(`${PROBLEM}invalid-mfa-code`);
  });
});
