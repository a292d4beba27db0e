import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { totpCode, type Account } from '../../src/accounts.js';
import { call, jsonOf, type Target } from '../../src/http-client.js';
import { registerAccount } from '../../src/suite/test-accounts.js';
import { runCli, startServer, type ApiBuild } from './api-process.js';

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
const REDIS_DATABASE = '3';

export interface TargetApi {
  readonly url: URL;
  /** The self-signed certificate the API serves, with `tls`. */
  readonly ca: string | undefined;
  readonly database: 'postgres' | 'pglite';
  /** Where the API writes its mail: verification links for accounts registered from outside. */
  readonly outboxDir: string;
  readonly user: Account;
  readonly admin: Account;
  close(): Promise<void>;
}

export interface TargetApiOptions {
  /** From the build (`dist/`, as `pnpm start` runs it) rather than from source. */
  readonly build?: ApiBuild;
  /** Native TLS with a development certificate (`pnpm cli tls:dev-cert`). */
  readonly tls?: boolean;
}

/** TEST_REDIS_URL with a logical database of its own unless it names one. */
function redisUrl(): string | undefined {
  const base = process.env.TEST_REDIS_URL;
  if (base === undefined || base === '') {
    return undefined;
  }
  const url = new URL(base);
  if (url.pathname === '' || url.pathname === '/') {
    url.pathname = REDIS_DATABASE;
  }
  return url.toString();
}

/**
 * The real API in a child process, on a fresh PostgreSQL scratch database when TEST_DATABASE_URL
 * is set (PGlite otherwise) and on Redis when TEST_REDIS_URL is, with a verified user and an
 * admin whose TOTP is enrolled.
 */
export async function startTargetApi(options: TargetApiOptions = {}): Promise<TargetApi> {
  const build = options.build ?? 'source';
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-fuzz-'));
  const scratch = await scratchDatabase();
  const redis = redisUrl();
  const tls = options.tls === true ? join(dataDir, 'tls') : undefined;
  const env = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url }),
    ...(redis === undefined ? {} : { REDIS_URL: redis }),
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
    await runCli(['db:migrate'], env, '', build);
    await runCli(['admin:create', '--email', admin.email], env, `${PASSWORD}\n`, build);
    const tlsEnv: Record<string, string> = {};
    if (tls !== undefined) {
      await runCli(['tls:dev-cert'], env, '', build);
      tlsEnv.TLS_CERT_FILE = join(tls, 'dev-cert.pem');
      tlsEnv.TLS_KEY_FILE = join(tls, 'dev-key.pem');
    }
    server = await startServer({ ...env, ...tlsEnv, LOG_LEVEL: 'info' }, build);
    const ca = tls === undefined ? undefined : readFileSync(join(tls, 'dev-cert.pem'), 'utf8');
    const target = { url: server.url, ...(ca === undefined ? {} : { ca }) };
    const outboxDir = join(dataDir, 'outbox');
    const user = await registerAccount(target, outboxDir, {
      email: `fuzz-user-${randomBytes(4).toString('hex')}@example.com`,
      password: PASSWORD,
    });
    return {
      url: server.url,
      ca,
      database: scratch === undefined ? 'pglite' : 'postgres',
      outboxDir,
      user,
      admin: await enrolTotp(target, admin),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function post(target: Target, path: string, body: unknown, token?: string): Promise<unknown> {
  const answer = await call(target, 'POST', path, {
    body,
    ...(token === undefined ? {} : { token }),
  });
  if (answer.status >= 300) {
    throw new Error(
      `POST ${path} answered ${String(answer.status)}: ${answer.body.toString('utf8')}`,
    );
  }
  return answer.body.length === 0 ? undefined : jsonOf<unknown>(answer);
}

/** Signs in the admin (whose role requires MFA) and enrols TOTP, as an admin does the first time. */
async function enrolTotp(target: Target, account: Account): Promise<Account> {
  const { accessToken } = (await post(target, '/auth/login', {
    email: account.email,
    password: account.password,
  })) as { accessToken: string };
  const { secret } = (await post(target, '/auth/mfa/totp/setup', {}, accessToken)) as {
    secret: string;
  };
  await post(target, '/auth/mfa/totp/confirm', { code: totpCode(secret, Date.now()) }, accessToken);
  return { ...account, totpSecret: secret, accessToken };
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
