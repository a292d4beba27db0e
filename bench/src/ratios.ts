import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { envSchema, passwordsConfigFrom } from '@bulwark/api';
import { createScratchDatabase } from '@bulwark/api/testing';
import { accessToken, PASSWORD, registerVerified } from './accounts.js';
import { startApi, stopProcess, UNLIMITED, type ChildServer } from './api-process.js';
import { cpuMicros, median, postgresCpuMicros, rawHashRate, startBare } from './reference.js';
import { positiveNumber } from './env-settings.js';

/**
 * What Bulwark's routes cost against what the hardware allows, each as a ratio to a reference
 * measured in the same run, in paired rounds (the order reverses every round, so a drift in the
 * machine's load favours no side); medians over rounds. The API is the production build
 * (`dist/main.js`, as `pnpm start` runs it) on PostgreSQL, with the access log on (`info`).
 *  - bare NestJS-on-Fastify hello; the same bare shell doing one `SELECT * FROM users WHERE id = $1`
 *    through a pg.Pool; GET /users/me against the latter; GET /auth/session (authenticated, no
 *    database read) and GET /health/live against hello; hello with Bulwark's security headers
 *    against hello, the ceiling those headers alone leave the two.
 *  - POST /auth/login against the raw argon2id hash rate (same parameters, as many at once as the
 *    API's limiter runs; the logins keep the limiter full without overflowing its queue).
 *  - cold start (spawn to the first 200 of /health/ready, migrated database), RSS 3 s after it,
 *    and idle RSS (BENCH_IDLE_S after it, 35 by default).
 * Needs PostgreSQL: BENCH_DATABASE_URL (else TEST_DATABASE_URL), where it creates a scratch database.
 */
const ROUNDS = positiveNumber('BENCH_ROUNDS', 3);
const DURATION_S = positiveNumber('BENCH_DURATION_S', 5);
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 10);
const COLD_STARTS = positiveNumber('BENCH_COLD_STARTS', 3);
// RSS is read twice: just after the start, while V8 still holds the young generation that booting
// grew, and once idle, after its memory reducer has run (about 20-30 s without allocation here).
const AFTER_START_MS = 3_000;
const IDLE_MS = positiveNumber('BENCH_IDLE_S', 35) * 1000;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const LOGIN_ACCOUNTS = 8;
/** With BENCH_CPU_PROF=<dir>, the API under load writes a V8 CPU profile there when it stops. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ?? '';
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';

const HASHING = passwordsConfigFrom(
  envSchema.parse(
    Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name.startsWith('PASSWORD_HASH_')),
    ),
  ),
).hashing;
// The limiter's running slots and as many queued: full all the time, never a 503.
const LOGIN_CONNECTIONS = Math.min(
  2 * HASHING.concurrency,
  HASHING.concurrency + HASHING.maxQueued,
);

interface Target {
  readonly label: string;
  readonly options: autocannon.Options;
}

/** 2xx per second; any other answer or a connection error fails the run. */
async function throughput(
  { label, options }: Target,
  durationS = DURATION_S,
  connections = CONNECTIONS,
): Promise<number> {
  const result = await autocannon({ connections, duration: durationS, ...options });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return result['2xx'] / Math.max(result.duration, 0.001);
}

/** Resident set size in MB (Linux), NaN where /proc is missing. */
function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) / 1024;
  } catch {
    return Number.NaN;
  }
}

const fixed = (value: number, digits = 0): string => value.toFixed(digits);

/** The raw hash rate for half a round, and the CPU this process spent per hash meanwhile (ms). */
async function rawHashing(): Promise<{ rate: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rate = await rawHashRate(PASSWORD, HASHING, DURATION_S / 2, HASHING.concurrency);
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { rate, cpuMs: (user + system) / 1000 / (rate * seconds) };
}
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

if (DATABASE_URL === '') {
  process.stdout.write(
    'ratios bench skipped: it runs on PostgreSQL; set BENCH_DATABASE_URL (or TEST_DATABASE_URL)\n',
  );
  process.exit(0);
}

const benchStarted = performance.now();
const scratch = await createScratchDatabase(DATABASE_URL);
const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-ratios-'));
const children: ChildServer[] = [];
const apiEnv = { DATABASE_URL: scratch.url, ...UNLIMITED };
try {
  process.stdout.write(
    `ratios bench: ${availableParallelism()} cores, load average ${load()}, postgresql, ` +
      `LOG_LEVEL=${LOG_LEVEL}, production build (dist/main.js), ${ROUNDS} rounds of ${DURATION_S} s ` +
      `at ${CONNECTIONS} connections; argon2id m=${HASHING.memoryKib} t=${HASHING.timeCost} ` +
      `p=${HASHING.parallelism}, ${HASHING.concurrency} at once\n`,
  );

  // The first start migrates the scratch database; the measured ones start on a migrated one.
  const first = await startApi({ dataDir, logLevel: LOG_LEVEL, compiled: true, env: apiEnv });
  await stopProcess(first.process, 15_000);
  const starts: number[] = [];
  const rssAfterStart: number[] = [];
  const rss: number[] = [];
  for (let start = 0; start < COLD_STARTS; start += 1) {
    const api = await startApi({
      dataDir,
      logLevel: LOG_LEVEL,
      compiled: true,
      env: apiEnv,
      readyPath: '/health/ready',
      pollMs: 10,
    });
    starts.push(api.startMs);
    await sleep(AFTER_START_MS);
    rssAfterStart.push(rssMb(api.process.pid));
    await sleep(IDLE_MS - AFTER_START_MS);
    rss.push(rssMb(api.process.pid));
    await stopProcess(api.process, 15_000);
  }
  process.stdout.write(
    `cold starts to /health/ready: ${starts.map((ms) => fixed(ms)).join(' / ')} ms; ` +
      `RSS ${fixed(AFTER_START_MS / 1000)} s after: ${rssAfterStart.map((mb) => fixed(mb, 1)).join(' / ')} MB, ` +
      `idle (${fixed(IDLE_MS / 1000)} s after): ${rss.map((mb) => fixed(mb, 1)).join(' / ')} MB\n`,
  );

  const api = await startApi({
    dataDir,
    logLevel: LOG_LEVEL,
    compiled: true,
    env: apiEnv,
    ...(CPU_PROF_DIR !== '' && { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] }),
  });
  children.push(api);
  const bare = await startBare({ BENCH_PG_URL: scratch.url });
  children.push(bare);

  const reader = 'reader@example.com';
  const logins = Array.from({ length: LOGIN_ACCOUNTS }, (_, i) => `login-${i}@example.com`);
  for (const email of [reader, ...logins]) {
    await registerVerified(api, dataDir, email);
  }
  const bearer = async (): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await accessToken(api, reader)}`,
  });
  const headers = await bearer();
  const me = await fetch(`${api.url}/users/me`, { headers });
  const { id: userId } = (await me.json()) as { id: string };
  const sessionRoute = (await fetch(`${api.url}/auth/session`, { headers })).ok;
  if (!sessionRoute) {
    process.stdout.write('GET /auth/session: absent in this build, not measured\n');
  }

  const targets = (authorization: Record<string, string>): Target[] => [
    { label: 'hello', options: { url: `${bare.url}/hello` } },
    { label: 'hello+headers', options: { url: `${bare.url}/hello-headers` } },
    { label: 'bare+pg', options: { url: `${bare.url}/users/${userId}` } },
    { label: 'users/me', options: { url: `${api.url}/users/me`, headers: authorization } },
    ...(sessionRoute
      ? [
          {
            label: 'auth/session',
            options: { url: `${api.url}/auth/session`, headers: authorization },
          },
        ]
      : []),
    { label: 'health/live', options: { url: `${api.url}/health/live` } },
  ];
  for (const target of targets(headers)) {
    await throughput(target, 1, 2);
  }
  const loginTarget: Target = {
    label: 'login',
    options: {
      url: `${api.url}/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: logins.map((email) => ({ body: JSON.stringify({ email, password: PASSWORD }) })),
    },
  };
  await throughput(loginTarget, 1, LOGIN_CONNECTIONS);

  const rounds: Map<string, number>[] = [];
  // CPU per login (ms): the API's main thread, its other threads (the hashing, GC helpers), and
  // every PostgreSQL process; what the raw hash rate leaves out.
  const loginCpu: { main: number; threads: number; postgres: number }[] = [];
  const rawCpu: number[] = [];
  const apiPid = api.process.pid ?? 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const rps = new Map<string, number>();
    // A fresh token each round: the measurement never outlives ACCESS_TOKEN_TTL_SECONDS.
    const list = targets(await bearer());
    for (const target of round % 2 === 0 ? list.reverse() : list) {
      rps.set(target.label, await throughput(target));
    }
    // The raw rate brackets the logins (half before, half after), the closest pairing in time.
    const rawBefore = await rawHashing();
    const before = {
      main: cpuMicros(apiPid, apiPid),
      all: cpuMicros(apiPid),
      postgres: postgresCpuMicros(),
    };
    const loginRate = await throughput(loginTarget, DURATION_S, LOGIN_CONNECTIONS);
    rps.set('login', loginRate);
    // Logins the load generator gave up on at its deadline still run in the API.
    await sleep(1000);
    const perLogin = (micros: number): number => micros / 1000 / (loginRate * DURATION_S);
    const main = perLogin(cpuMicros(apiPid, apiPid) - before.main);
    loginCpu.push({
      main,
      threads: perLogin(cpuMicros(apiPid) - before.all) - main,
      postgres: perLogin(postgresCpuMicros() - before.postgres),
    });
    const rawAfter = await rawHashing();
    rps.set('argon2id', (rawBefore.rate + rawAfter.rate) / 2);
    rawCpu.push((rawBefore.cpuMs + rawAfter.cpuMs) / 2);
    rounds.push(rps);
    process.stdout.write(
      `round ${round} (load ${load()}): ${[...rps]
        .map(
          ([label, value]) =>
            `${label} ${fixed(value, label === 'login' || label === 'argon2id' ? 1 : 0)}`,
        )
        .join(', ')} /s\n`,
    );
  }

  const per = (label: string): number[] => rounds.map((rps) => rps.get(label) ?? Number.NaN);
  const ratio = (top: string, bottom: string): number[] =>
    rounds.map((rps) => (rps.get(top) ?? Number.NaN) / (rps.get(bottom) ?? Number.NaN));
  const rows: [label: string, values: number[], digits: number, goal: string][] = [
    ['bare GET /hello (req/s)', per('hello'), 0, ''],
    ["bare GET /hello with Bulwark's headers (req/s)", per('hello+headers'), 0, ''],
    ['bare GET /users/:id, one pg read (req/s)', per('bare+pg'), 0, ''],
    ['GET /users/me (req/s)', per('users/me'), 0, ''],
    ...(sessionRoute
      ? [
          ['GET /auth/session (req/s)', per('auth/session'), 0, ''] as [
            string,
            number[],
            number,
            string,
          ],
        ]
      : []),
    ['GET /health/live (req/s)', per('health/live'), 0, ''],
    ['  bare+pg / hello', ratio('bare+pg', 'hello'), 2, ''],
    ['  /users/me / bare+pg', ratio('users/me', 'bare+pg'), 2, '≥ 0.70'],
    ['  /users/me / hello', ratio('users/me', 'hello'), 3, ''],
    ...(sessionRoute
      ? [
          ['  /auth/session / hello', ratio('auth/session', 'hello'), 2, '≥ 0.60'] as [
            string,
            number[],
            number,
            string,
          ],
        ]
      : []),
    ['  /health/live / hello', ratio('health/live', 'hello'), 2, '≥ 0.65'],
    // What the security headers alone leave of hello: a ceiling for the two ratios above.
    ['  hello with headers / hello', ratio('hello+headers', 'hello'), 2, ''],
    [`raw argon2id (hashes/s, ${HASHING.concurrency} at once)`, per('argon2id'), 1, ''],
    [`POST /auth/login x${LOGIN_CONNECTIONS} (200/s)`, per('login'), 1, ''],
    ['  login / raw argon2id', ratio('login', 'argon2id'), 2, '≥ 0.80'],
    ['  CPU per login, API main thread (ms)', loginCpu.map((cpu) => cpu.main), 2, ''],
    ['  CPU per login, other API threads (ms)', loginCpu.map((cpu) => cpu.threads), 2, ''],
    ['  CPU per login, PostgreSQL (ms)', loginCpu.map((cpu) => cpu.postgres), 2, ''],
    ['  CPU per raw argon2id hash (ms)', rawCpu, 2, ''],
    ['cold start to /health/ready (ms)', starts, 0, '≤ 1500'],
    [`RSS ${fixed(AFTER_START_MS / 1000)} s after the start (MB)`, rssAfterStart, 1, ''],
    [`idle RSS, ${fixed(IDLE_MS / 1000)} s after (MB)`, rss, 1, '≤ 150'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(
    `\n${'metric'.padEnd(width)}  ${'median'.padStart(8)}  ${'goal'.padEnd(6)}  per round\n` +
      rows
        .map(
          ([label, values, digits, goal]) =>
            `${label.padEnd(width)}  ${fixed(median(values), digits).padStart(8)}  ${goal.padEnd(6)}  ` +
            values.map((value) => fixed(value, digits)).join(' / '),
        )
        .join('\n') +
      `\n(postgresql, LOG_LEVEL=${LOG_LEVEL}, load average ${load()}, ` +
      `${fixed((performance.now() - benchStarted) / 1000)} s in all)\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: 'ratios',
      database: 'postgresql',
      logLevel: LOG_LEVEL,
      cores: availableParallelism(),
      medians: Object.fromEntries(rows.map(([label, values]) => [label.trim(), median(values)])),
    })}\n`,
  );
} finally {
  for (const child of children) {
    await stopProcess(child.process, 15_000);
  }
  await scratch.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
