import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { latestMailedToken, createScratchDatabase } from '@bulwark/api/testing';
import { startApi, stopProcess } from './api-process.js';
import { percentile, withOmitted } from './latency.js';
import { positiveNumber } from './env-settings.js';

/**
 * Issue 8's load run: one API (PostgreSQL, Redis, throttles and IP bans at their defaults) under
 * BENCH_CONNECTIONS connections of mixed traffic, valid and abusive, for BENCH_DURATION_S, while a
 * separate fixed-rate probe times GET /health/live. Reports throughput, statuses per route, the
 * probe's p50/p99 and the API's peak RSS. Fails on any 5xx but 503, on connection errors, on a
 * status a route should never give, and on any error-level line in the API log.
 *
 * All traffic leaves from 127.0.0.1: from one address, ten failed logins would ban everything
 * (403) and the run would measure nothing else. So the API trusts 127.0.0.1 as a proxy and each
 * pass of a connection through the mix is one visit from its own X-Forwarded-For address; every
 * fifth visit comes from one of two "stuffer" addresses, which the bans and throttles should stop.
 * THROTTLE_*, IP_BAN_* and PASSWORD_HASH_* in the environment reach the API. The API log is kept
 * when the run fails, or with BENCH_KEEP_LOG=1.
 */
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 200);
const DURATION_S = positiveNumber('BENCH_DURATION_S', 30);
const PROBE_CONNECTIONS = positiveNumber('BENCH_PROBE_CONNECTIONS', 4);
const PROBE_RATE = positiveNumber('BENCH_PROBE_RATE', 100);
const ACCOUNTS = positiveNumber('BENCH_ACCOUNTS', 4);
// info, the production default: an access line per request is part of what serving costs.
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Logins still queued for a hash when the load stops finish before the API is told to stop.
const SETTLE_MS = 2000;
const KEEP_LOG = process.env.BENCH_KEEP_LOG === '1';

const PASSWORD = `bench ${randomBytes(12).toString('base64url')} staple`;
const RUN = randomBytes(4).toString('hex');
// Bans stay in Redis for an hour: a random second octet keeps an earlier run's out of this one.
const NET = `10.${randomInt(256)}`;

async function call(url: string, expected: number, body?: object, token?: string) {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status !== expected) {
    throw new Error(
      `${url}: expected ${expected}, got ${response.status}: ${await response.text()}`,
    );
  }
  return response;
}

/** Registered, verified through the outbox, logged in, with two notes: its access token. */
async function prepareAccount(url: string, dataDir: string, email: string): Promise<string> {
  await call(`${url}/auth/register`, 202, { email, password: PASSWORD });
  for (let attempt = 0; ; attempt += 1) {
    try {
      const token = latestMailedToken(dataDir, email, 'bev');
      await call(`${url}/auth/verify-email`, 204, { token });
      break;
    } catch (error) {
      if (attempt > 600) {
        throw error;
      }
      await sleep(50);
    }
  }
  const login = await call(`${url}/auth/login`, 200, { email, password: PASSWORD });
  const { accessToken } = (await login.json()) as { accessToken: string };
  for (const title of ['groceries', 'ideas']) {
    await call(`${url}/notes`, 201, { title, body: `${title} of ${email}` }, accessToken);
  }
  return accessToken;
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Refused access tokens: garbage, alg "none", and a real one re-dated (its signature then fails). */
function invalidTokens(real: string): string[] {
  const [header = '', payload = '', signature = ''] = real.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
  return [
    randomBytes(24).toString('base64url'),
    `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ ...claims, sub: 'admin' })}.`,
    `${header}.${b64({ ...claims, exp: 1_000_000_000 })}.${signature}`,
  ];
}

interface Visit {
  readonly address: string;
  readonly n: number;
}

let visits = 0;
function newVisit(): Visit {
  visits += 1;
  const n = visits % 65_024;
  const stuffer = visits % 5 === 0;
  return {
    address: stuffer ? `${NET}.255.${visits % 2}` : `${NET}.${n >> 8}.${n & 255}`,
    n: visits,
  };
}

interface Route {
  readonly label: string;
  /** Besides 403 (banned) and 429 (throttled), which abuse may earn anywhere but /health/live. */
  readonly expected: readonly number[];
  readonly request: (visit: Visit) => autocannon.Request;
}

/** One visit: every route once, in this order. */
function mix(tokens: readonly string[], emails: readonly string[]): Route[] {
  const bad = invalidTokens(tokens[0]!);
  const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;
  const get = (path: string, token?: string): autocannon.Request => ({
    method: 'GET',
    path,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const post = (path: string, body: object): autocannon.Request => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const login = (email: string) => post('/auth/login', { email, password: 'wrong password 1' });
  const unknownLogin = (k: number) => (v: Visit) => login(`nobody-${RUN}-${v.n}-${k}@example.com`);
  const route = (label: string, expected: number[], request: Route['request']): Route => ({
    label,
    expected,
    request,
  });
  return [
    route('GET /health/live', [200], () => get('/health/live')),
    route('GET /health/ready', [200, 503], () => get('/health/ready')),
    route('GET /users/me (valid token)', [200], (v) => get('/users/me', pick(tokens, v.n))),
    route('GET /users/me (invalid token)', [401], (v) => get('/users/me', pick(bad, v.n))),
    route('POST /auth/login (unknown address)', [401, 503], unknownLogin(1)),
    route('GET /notes (valid token)', [200], (v) => get('/notes', pick(tokens, v.n))),
    route('GET /notes (invalid token)', [401], (v) => get('/notes', pick(bad, v.n + 1))),
    route('POST /auth/login (known, wrong password)', [401, 503], (v) => login(pick(emails, v.n))),
    route('POST /auth/refresh (bogus token)', [401], () =>
      post('/auth/refresh', { refreshToken: `brt_${randomBytes(32).toString('base64url')}` }),
    ),
    route('GET unknown path', [404], () => get('/wp-login.php')),
    route('POST /auth/login (unknown address)', [401, 503], unknownLogin(2)),
  ];
}

const statuses = new Map<string, Map<number, number>>();
/** `<route> <status> <kind>` → count. */
const serverErrors = new Map<string, number>();
const bump = <K>(map: Map<K, number>, key: K): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** What a 5xx problem says it is (problem-details.ts). */
function kindOf(body: string): string {
  try {
    const { type = '', detail = '' } = JSON.parse(body) as { type?: string; detail?: string };
    if (type.endsWith(':not-ready')) {
      return 'not ready (a dependency ping failed)';
    }
    // ACCOUNTS.WORK_BUSY reads the same, but no route of the mix queues account work.
    if (detail.startsWith('The server is busy')) {
      return 'busy (hashing at capacity)';
    }
    return detail.includes('temporarily unavailable') ? 'Redis unavailable' : type;
  } catch {
    return 'not problem+json';
  }
}

function loadRequests(routes: readonly Route[]): autocannon.Request[] {
  return routes.map((route, index) => ({
    // Autocannon gives each connection a fresh context at the start of each pass.
    setupRequest: (_request, context) => {
      const state = context as { visit?: Visit };
      if (index === 0 || state.visit === undefined) {
        state.visit = newVisit();
      }
      const request = route.request(state.visit);
      return {
        ...request,
        headers: { ...request.headers, 'x-forwarded-for': state.visit.address },
      };
    },
    onResponse: (status, body) => {
      const counts = statuses.get(route.label) ?? new Map<number, number>();
      statuses.set(route.label, counts);
      bump(counts, status);
      if (status >= 500) {
        bump(serverErrors, `${route.label} ${status} ${kindOf(body)}`);
      }
    },
  }));
}

function run(
  options: autocannon.Options,
  onLatency?: (ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
      if (error !== null && error !== undefined) {
        reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      } else {
        resolve(result);
      }
    });
    instance.on('response', (_client, _status, _bytes, ms) => onLatency?.(ms));
  });
}

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
}

/** Lines per level, and each distinct warn or error message; a line that is not JSON is an error. */
async function readLog(path: string) {
  const levels = new Map<string, number>();
  const notable = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(path) })) {
    let entry = { level: 'error', message: line.slice(0, 200) };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      // Node's own output on stderr: a crash, a warning.
    }
    bump(levels, entry.level);
    if (entry.level !== 'info' && entry.level !== 'debug') {
      bump(notable, `${entry.level}: ${entry.message}`);
    }
  }
  return { levels, notable };
}

const failures: string[] = [];
const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const print = (text: string): boolean => process.stdout.write(`${text}\n`);
const lines = <K>(map: Map<K, number>): string =>
  [...map].map(([key, n]) => `\n  ${n}x ${String(key)}`).join('');

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-load-'));
const logPath = join(dataDir, 'api.log');
const scratch = await createScratchDatabase(ADMIN_URL);
let child: ChildProcess | undefined;
let finished = false;
try {
  const api = await startApi({
    dataDir,
    logLevel: LOG_LEVEL,
    logPath,
    // Every limit keeps its default; the proxy trust makes each visit's X-Forwarded-For count.
    env: { DATABASE_URL: scratch.url, REDIS_URL, TRUSTED_PROXIES: '127.0.0.1/32' },
  });
  child = api.process;
  const pid = child.pid!;
  const emails = Array.from({ length: ACCOUNTS }, (_, i) => `load-${RUN}-${i}@example.com`);
  const tokens = await Promise.all(emails.map((email) => prepareAccount(api.url, dataDir, email)));
  const routes = mix(tokens, emails);
  print(
    `load bench: ${availableParallelism()} cores (load average ${fixed(loadavg()[0]!, 2)}), ` +
      `PostgreSQL + Redis, LOG_LEVEL=${LOG_LEVEL}; ${CONNECTIONS} connections for ${DURATION_S} s ` +
      `over ${routes.length} requests a visit; /health/live probe: ${PROBE_CONNECTIONS} connections at ${PROBE_RATE} req/s`,
  );

  const rssBefore = memoryMb(pid, 'VmRSS');
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    if (child?.exitCode === null) {
      rssPeak = Math.max(rssPeak, memoryMb(pid, 'VmRSS'));
    }
  }, 250);
  const ownDelay = monitorEventLoopDelay({ resolution: 10 });
  ownDelay.enable();
  // The probe's keep-alive connections open with the load's (a new connection under load also
  // waits to be accepted, which this does not time). Its first seconds, the load's opening burst,
  // are left out, and it ends just before the load: steady state.
  const probeMs: number[] = [];
  const leadS = Math.min(2, DURATION_S / 3);
  const probeS = DURATION_S - leadS / 2;
  let steady = false;
  const probe = run(
    {
      url: `${api.url}/health/live`,
      connections: PROBE_CONNECTIONS,
      overallRate: PROBE_RATE,
      duration: probeS,
    },
    (ms) => {
      if (steady) {
        probeMs.push(ms);
      }
    },
  );
  const requests = loadRequests(routes);
  const load = run({ url: api.url, connections: CONNECTIONS, duration: DURATION_S, requests });
  await sleep(leadS * 1000);
  steady = true;
  const [result, probeResult] = await Promise.all([load, probe]);
  ownDelay.disable();
  await sleep(SETTLE_MS);
  clearInterval(sampler);
  const rssAfter = memoryMb(pid, 'VmRSS');
  const hwm = memoryMb(pid, 'VmHWM');
  await stopProcess(child, 30_000);

  const counts = [...statuses.values()].flatMap((byStatus) => [...byStatus.values()]);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const perSecond = total / result.duration;
  print(
    `\n${total} responses in ${fixed(result.duration)} s: ${fixed(perSecond, 0)} req/s ` +
      `(${result.errors} connection errors, ${result.timeouts} timeouts)`,
  );
  const width = Math.max(...routes.map((route) => route.label.length));
  for (const { label, expected } of new Map(routes.map((route) => [route.label, route])).values()) {
    const byStatus = [...(statuses.get(label) ?? [])].sort(([a], [b]) => a - b);
    const abuse = label === 'GET /health/live' ? [] : [403, 429];
    const odd = byStatus.filter(([s]) => s < 500 && ![...expected, ...abuse].includes(s));
    if (odd.length > 0) {
      failures.push(`${label}: unexpected ${odd.map(([s, n]) => `${n}x ${s}`).join(', ')}`);
    }
    print(`  ${label.padEnd(width)}  ${byStatus.map(([s, n]) => `${s}: ${n}`).join(', ')}`);
  }
  const other5xx = [...serverErrors].filter(([key]) => !key.includes(' 503 '));
  failures.push(...other5xx.map(([key, n]) => `${n}x ${key}`));
  if (result.errors > 0) {
    failures.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  }
  const count5xx = (entries: [string, number][]): number =>
    entries.reduce((sum, [, n]) => sum + n, 0);
  print(
    `5xx: ${count5xx([...serverErrors])}, other than 503: ${count5xx(other5xx)}${lines(serverErrors)}`,
  );

  const corrected = withOmitted(probeMs, (1000 * PROBE_CONNECTIONS) / PROBE_RATE);
  const measured = [...probeMs].sort((x, y) => x - y);
  const healthLive = {
    p50Ms: percentile(corrected, 0.5),
    p99Ms: percentile(corrected, 0.99),
    measuredP99Ms: percentile(measured, 0.99),
  };
  const probeOk = probeResult.statusCodeStats?.['200']?.count ?? 0;
  if (probeOk !== probeResult.requests.total || probeResult.errors > 0 || probeOk === 0) {
    failures.push(`/health/live probe: ${probeOk} of ${probeResult.requests.total} answered 200`);
  }
  print(
    `/health/live under load, ${measured.length} probes over ${fixed(probeS - leadS)} s, corrected for ` +
      `coordinated omission: p50 ${fixed(healthLive.p50Ms)} ms, p99 ${fixed(healthLive.p99Ms)} ms ` +
      `(uncorrected p99 ${fixed(healthLive.measuredP99Ms)} ms, max ${fixed(measured.at(-1) ?? NaN)} ms; ` +
      `the bench's own event-loop delay p99 ${fixed(ownDelay.percentile(99) / 1e6)} ms, ` +
      `max ${fixed(ownDelay.max / 1e6)} ms)`,
  );
  const rssMb = { before: rssBefore, peak: rssPeak, after: rssAfter, hwm };
  print(
    `API RSS: ${fixed(rssBefore, 0)} MB before the load, peak ${fixed(rssPeak, 0)} MB ` +
      `(sampled every 250 ms), ${fixed(rssAfter, 0)} MB ${SETTLE_MS / 1000} s after; ` +
      `VmHWM ${fixed(hwm, 0)} MB (startup included)`,
  );

  const log = await readLog(logPath);
  for (const [message, n] of log.notable) {
    if (!message.startsWith('warn:')) {
      failures.push(`API log: ${n}x ${message}`);
    }
  }
  const levels = [...log.levels].map(([level, n]) => `${n} ${level}`).join(', ');
  print(`API log: ${levels}${lines(log.notable)}`);
  const summary = { requests: total, perSecond, healthLive, rssMb, failures };
  print(
    JSON.stringify({ bench: 'load', connections: CONNECTIONS, durationS: DURATION_S, ...summary }),
  );
  finished = true;
} finally {
  if (child !== undefined) {
    await stopProcess(child, 30_000);
  }
  await scratch.drop();
  if (finished && failures.length === 0 && !KEEP_LOG) {
    rmSync(dataDir, { recursive: true, force: true });
  } else {
    process.stderr.write(`API log kept in ${logPath}\n`);
  }
}
if (failures.length > 0) {
  process.stderr.write(`FAILED:\n${failures.join('\n')}\n`);
  process.exitCode = 1;
}
