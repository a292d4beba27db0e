import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { totpCode, type Account } from '../../src/accounts.js';
import { runCli, startServer } from './api-process.js';
import { mailedToken } from '../../src/outbox.js';

const PASSWORD = 'fuzzing correct horse battery staple';
// Generous, so that the fuzzer reaches the handlers; password-forgot stays small for the 429 test.
const LIMITS = {
  THROTTLE_DEFAULT: '1000000/60',
  THROTTLE_LOGIN: '1000000/60',
  THROTTLE_REGISTER: '1000000/60',
  THROTTLE_PASSWORD_FORGOT: '3/3600',
  THROTTLE_PASSWORD_RESET: '1000000/60',
  THROTTLE_MFA_VERIFY: '1000000/60',
  THROTTLE_REFRESH: '1000000/60',
  LOGIN_LOCKOUT_THRESHOLD: '100',
  // Every request comes from 127.0.0.1 and fails logins against many accounts.
  IP_BAN_DISTINCT_ACCOUNTS: '1000',
};
/** A logical database of its own: the throttling and ban keys of other suites live in 0. */
const REDIS_DATABASE = '/3';

export interface TargetApi {
  readonly url: URL;
  readonly database: 'postgres' | 'pglite';
  readonly user: Account;
  readonly admin: Account;
  close(): Promise<void>;
}

/**
 * The real API in a child process, on a fresh PostgreSQL scratch database when TEST_DATABASE_URL
 * is set (PGlite otherwise) and on Redis when TEST_REDIS_URL is, with a verified user and an
 * admin whose TOTP is enrolled.
 */
export async function startTargetApi(): Promise<TargetApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-fuzz-'));
  const scratch = await scratchDatabase();
  const redisUrl = process.env.TEST_REDIS_URL;
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    ...(redisUrl === undefined || redisUrl === ''
      ? {}
      : { REDIS_URL: `${redisUrl}${REDIS_DATABASE}` }),
    ...LIMITS,
  };
  const admin = {
    email: `fuzz-admin-${randomBytes(4).toString('hex')}@example.com`,
    password: PASSWORD,
  };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const close = async (): Promise<void> => {
    await server?.stop();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await runCli(['db:migrate'], env);
    await runCli(['admin:create', '--email', admin.email], env, `${PASSWORD}\n`);
    server = await startServer({ ...env, LOG_LEVEL: 'info' });
    const user = {
      email: `fuzz-user-${randomBytes(4).toString('hex')}@example.com`,
      password: PASSWORD,
    };
    await registerVerified(server.url, join(dataDir, 'outbox'), user);
    return {
      url: server.url,
      database: scratch === undefined ? 'pglite' : 'postgres',
      user,
      admin: await enrolTotp(server.url, admin),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function post(url: URL, path: string, body: unknown, token?: string): Promise<Response> {
  const response = await fetch(new URL(path, url), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response;
}

async function registerVerified(url: URL, outboxDir: string, account: Account): Promise<void> {
  await post(url, '/auth/register', { email: account.email, password: account.password });
  const token = await eventually(() => mailedToken(outboxDir, account.email, 'bev'));
  await post(url, '/auth/verify-email', { token });
}

/** Signs in the admin (whose role requires MFA) and enrols TOTP, as an admin does the first time. */
async function enrolTotp(url: URL, account: Account): Promise<Account> {
  const login = await post(url, '/auth/login', {
    email: account.email,
    password: account.password,
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const setup = await post(url, '/auth/mfa/totp/setup', {}, accessToken);
  const { secret } = (await setup.json()) as { secret: string };
  await post(url, '/auth/mfa/totp/confirm', { code: totpCode(secret, Date.now()) }, accessToken);
  return { ...account, totpSecret: secret, accessToken };
}

/** The mail goes out after the 202: polls for it for a few seconds. */
async function eventually<T>(read: () => T): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return read();
    } catch (error) {
      if (attempt === 50) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl === undefined || adminUrl === '') {
    return undefined;
  }
  const name = `bulwark_fuzz_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ),
  };
}

async function withClient(
  url: string,
  run: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}
