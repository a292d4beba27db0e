import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { envSchema, passwordsConfigFrom } from '@bulwark/api';
import { createScratchDatabase, type ScratchDatabase } from '@bulwark/api/testing';
import { accessToken, PASSWORD, registerVerified } from './accounts.js';
import { startApi, stopProcess, UNLIMITED, type ChildServer } from './api-process.js';
import { percentile, withOmitted } from './latency.js';
import { median, rawHashRate, startBare } from './reference.js';
import { positiveNumber } from './env-settings.js';

/**
 * The identity routes under load, each against a reference measured in the same run, paired per
 * round so that machine noise hits both sides of a ratio alike; medians over rounds.
 *  1. GET /users/me (bearer) against the bare NestJS-on-Fastify hello route, with Bulwark's
 *     GET /health/live as the reference line: the gap between the two is the cost of auth
 *     (ES256 verify, session liveness, user and roles read).
 *  2. POST /auth/login at a few connection counts against the raw argon2id hash rate of this
 *     machine (@node-rs/argon2, same parameters, as many at once as the API's limiter allows).
 *     503 (hashing at capacity) is expected under overload and counted; any other non-2xx fails.
 *  3. GET /health/live latency, probed at a modest rate, with and without a storm of logins.
 * PGlite by default; PostgreSQL (a scratch database) when BENCH_DATABASE_URL is set.
 */
const ROUNDS = positiveNumber('BENCH_ROUNDS', 3);
const DURATION_S = positiveNumber('BENCH_DURATION_S', 5);
const WARMUP_S = positiveNumber('BENCH_WARMUP_S', 1);
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 10);
const LOGIN_CONNECTIONS = (process.env.BENCH_LOGIN_CONNECTIONS ?? '2,8')
  .split(',')
  .map((value) => Number(value.trim()));
const STORM_CONNECTIONS = positiveNumber('BENCH_STORM_CONNECTIONS', 64);
const PROBE_CONNECTIONS = positiveNumber('BENCH_PROBE_CONNECTIONS', 4);
// Requests per second over all probe connections; 0 probes as fast as the server answers.
const PROBE_RATE = Number(process.env.BENCH_PROBE_RATE ?? 200);
const ACCOUNTS = positiveNumber('BENCH_ACCOUNTS', 8);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? '';

const SETTLE_MS = 1000;

// The API's own parameters, so that both sides of the login ratio do the same work.
const HASHING = passwordsConfigFrom(
  envSchema.parse(
    Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name.startsWith('PASSWORD_HASH_')),
    ),
  ),
).hashing;

if (!Number.isFinite(PROBE_RATE) || PROBE_RATE < 0) {
  throw new Error('BENCH_PROBE_RATE must be 0 (full speed) or a positive number');
}
for (const connections of LOGIN_CONNECTIONS) {
  if (!Number.isInteger(connections) || connections <= 0) {
    throw new Error('BENCH_LOGIN_CONNECTIONS must be positive integers, e.g. 2,8');
  }
}

interface Cannon {
  readonly result: autocannon.Result;
  /** Status code → count. */
  readonly statuses: ReadonlyMap<number, number>;
  /** Every response's time in ms (hrtime precision), when asked for. */
  readonly latenciesMs: number[];
}

/** Unexpected outcomes; any of them fails the run once everything is printed. */
const failures: string[] = [];

function cannon(options: autocannon.Options, keepLatencies = false): Promise<Cannon> {
  return new Promise((resolve, reject) => {
    const latenciesMs: number[] = [];
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
      if (error !== null && error !== undefined) {
        reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
        return;
      }
      const statuses = new Map<number, number>();
      for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) {
        statuses.set(Number(code), count);
      }
      resolve({ result, statuses, latenciesMs });
    });
    if (keepLatencies) {
      instance.on('response', (_client, _status, _bytes, ms) => {
        latenciesMs.push(ms);
      });
    }
  });
}

/** Records every status outside `allowed`, and every connection error or timeout. */
function check(label: string, run: Cannon, allowed: readonly number[] = [200]): void {
  const unexpected = [...run.statuses].filter(([code]) => !allowed.includes(code));
  if (unexpected.length > 0) {
    failures.push(
      `${label}: unexpected ${unexpected.map(([code, count]) => `${count}x ${code}`).join(', ')}`,
    );
  }
  if (run.result.errors > 0) {
    failures.push(`${label}: ${run.result.errors} errors (${run.result.timeouts} timeouts)`);
  }
}

const count = (run: Cannon, status: number): number => run.statuses.get(status) ?? 0;
const perSecond = (run: Cannon, status: number): number =>
  count(run, status) / Math.max(run.result.duration, 0.001);

/** Logins cycling through the accounts: each connection sends them in turn. */
function loginOptions(api: ChildServer, emails: readonly string[]): autocannon.Options {
  return {
    url: `${api.url}/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: emails.map((email) => ({ body: JSON.stringify({ email, password: PASSWORD }) })),
  };
}

interface Probe {
  readonly p50: number;
  readonly p99: number;
  /** Without the coordinated-omission correction: what the probe's requests themselves saw. */
  readonly measuredP99: number;
  readonly requests: number;
}

async function probeLive(api: ChildServer, label: string): Promise<Probe> {
  const run = await cannon(
    {
      url: `${api.url}/health/live`,
      connections: PROBE_CONNECTIONS,
      duration: DURATION_S,
      ...(PROBE_RATE > 0 && { overallRate: PROBE_RATE }),
    },
    true,
  );
  check(label, run);
  if (run.latenciesMs.length === 0) {
    failures.push(`${label}: no response within ${DURATION_S} s`);
  }
  const intervalMs = PROBE_RATE > 0 ? (1000 * PROBE_CONNECTIONS) / PROBE_RATE : 0;
  const sorted = withOmitted(run.latenciesMs, intervalMs);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    measuredP99: percentile(withOmitted(run.latenciesMs, 0), 0.99),
    requests: count(run, 200),
  };
}

interface Round {
  readonly bareRps: number;
  readonly liveRps: number;
  readonly meRps: number;
  readonly rawHashRate: number;
  readonly logins: { connections: number; perSecond: number; status503: number }[];
  readonly idle: Probe;
  readonly storm: Probe & { logins: number; status503: number; requests503PerSecond: number };
}

async function runRound(
  round: number,
  bare: ChildServer,
  api: ChildServer,
  emails: readonly string[],
): Promise<Round> {
  const throughput = async (options: autocannon.Options): Promise<number> => {
    const run = await cannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });
    check(`round ${round} ${options.url}`, run);
    return perSecond(run, 200);
  };
  // A fresh token each round: the measurement never outlives ACCESS_TOKEN_TTL_SECONDS.
  const token = await accessToken(api, emails[0]!);
  // Each round reverses the order of the round before, so that a drift in machine load does not
  // always favour the same side of a ratio.
  const ordered = <T>(items: T[]): T[] => (round % 2 === 0 ? [...items].reverse() : items);
  const rps = new Map<string, number>();
  for (const [label, options] of ordered<[string, autocannon.Options]>([
    ['hello', { url: `${bare.url}/hello` }],
    ['live', { url: `${api.url}/health/live` }],
    ['me', { url: `${api.url}/users/me`, headers: { authorization: `Bearer ${token}` } }],
  ])) {
    rps.set(label, await throughput(options));
  }

  // The raw rate brackets the logins (half before, half after), the closest pairing in time.
  const rawBefore = await rawHashRate(PASSWORD, HASHING, DURATION_S / 2, HASHING.concurrency);
  const logins: Round['logins'] = [];
  for (const connections of ordered([...LOGIN_CONNECTIONS])) {
    const run = await cannon({ ...loginOptions(api, emails), connections, duration: DURATION_S });
    check(`round ${round} POST /auth/login x${connections}`, run, [200, 503]);
    logins.push({ connections, perSecond: perSecond(run, 200), status503: count(run, 503) });
  }
  logins.sort((a, b) => a.connections - b.connections);
  // Logins the load generator gave up on at its deadline still run in the API: let them finish.
  await sleep(SETTLE_MS);
  const rawHashes =
    (rawBefore + (await rawHashRate(PASSWORD, HASHING, DURATION_S / 2, HASHING.concurrency))) / 2;

  const idleProbe = (): Promise<Probe> => probeLive(api, `round ${round} GET /health/live probe`);
  const stormProbe = async (): Promise<[Probe, Cannon]> => {
    // The storm starts first and ends last, so the probe runs entirely under it, past the stall
    // of its first burst (64 logins at once): the steady state is measured. It shares this event
    // loop with the probe (a worker thread would start at an unknown time): a few hundred 503s
    // per second cost the client well under a millisecond of the latencies measured.
    const leadS = 2;
    const tailS = 1;
    const pending = cannon({
      ...loginOptions(api, emails),
      connections: STORM_CONNECTIONS,
      duration: leadS + DURATION_S + tailS,
    });
    await sleep(leadS * 1000);
    const probe = await probeLive(api, `round ${round} GET /health/live probe under login storm`);
    const storm = await pending;
    check(`round ${round} POST /auth/login storm x${STORM_CONNECTIONS}`, storm, [200, 503]);
    await sleep(SETTLE_MS);
    return [probe, storm];
  };
  let idle: Probe;
  let stormed: Probe;
  let storm: Cannon;
  if (round % 2 === 0) {
    [stormed, storm] = await stormProbe();
    idle = await idleProbe();
  } else {
    idle = await idleProbe();
    [stormed, storm] = await stormProbe();
  }
  return {
    bareRps: rps.get('hello') ?? 0,
    liveRps: rps.get('live') ?? 0,
    meRps: rps.get('me') ?? 0,
    rawHashRate: rawHashes,
    logins,
    idle,
    storm: {
      ...stormed,
      logins: perSecond(storm, 200),
      status503: count(storm, 503),
      requests503PerSecond: perSecond(storm, 503),
    },
  };
}

async function warmUp(
  bare: ChildServer,
  api: ChildServer,
  emails: readonly string[],
): Promise<void> {
  const token = await accessToken(api, emails[0]!);
  const runs = [
    { url: `${bare.url}/hello` },
    { url: `${api.url}/health/live` },
    { url: `${api.url}/users/me`, headers: { authorization: `Bearer ${token}` } },
    loginOptions(api, emails),
  ];
  for (const options of runs) {
    const run = await cannon({ connections: 2, duration: WARMUP_S, ...options });
    check(`warm-up ${options.url}`, run, [200, 503]);
  }
}

const fixed = (value: number, digits = 0): string => value.toFixed(digits);

function report(rounds: readonly Round[], database: string): void {
  const pick = (get: (round: Round) => number): number[] => rounds.map(get);
  const rows: [string, number[], number][] = [];
  const row = (label: string, values: number[], digits = 0): number => {
    rows.push([label, values, digits]);
    return median(values);
  };
  const summary = {
    bench: 'identity',
    database,
    cores: availableParallelism(),
    rounds: rounds.length,
    durationS: DURATION_S,
    logLevel: LOG_LEVEL,
    argon2id: {
      memoryKib: HASHING.memoryKib,
      timeCost: HASHING.timeCost,
      parallelism: HASHING.parallelism,
      concurrency: HASHING.concurrency,
      maxQueued: HASHING.maxQueued,
    },
    throughput: {
      connections: CONNECTIONS,
      bareHelloRps: row(
        'bare GET /hello (req/s)',
        pick((r) => r.bareRps),
      ),
      healthLiveRps: row(
        'bulwark GET /health/live (req/s)',
        pick((r) => r.liveRps),
      ),
      usersMeRps: row(
        'bulwark GET /users/me (req/s)',
        pick((r) => r.meRps),
      ),
      healthLiveOverBare: row(
        '  /health/live / bare (paired)',
        pick((r) => r.liveRps / r.bareRps),
        2,
      ),
      usersMeOverBare: row(
        '  /users/me / bare (paired)',
        pick((r) => r.meRps / r.bareRps),
        2,
      ),
      usersMeOverHealthLive: row(
        '  /users/me / /health/live (paired)',
        pick((r) => r.meRps / r.liveRps),
        2,
      ),
    },
    login: {
      rawHashesPerSecond: row(
        `raw argon2id hashes/s (${HASHING.concurrency} at once)`,
        pick((r) => r.rawHashRate),
        1,
      ),
      byConnections: LOGIN_CONNECTIONS.map((connections, index) => {
        const at = (r: Round): Round['logins'][number] => r.logins[index]!;
        return {
          connections,
          loginsPerSecond: row(
            `POST /auth/login x${connections} (200/s)`,
            pick((r) => at(r).perSecond),
            1,
          ),
          overRawHash: row(
            `  login x${connections} / raw hash (paired)`,
            pick((r) => at(r).perSecond / r.rawHashRate),
            2,
          ),
          status503: row(
            `  login x${connections} 503s (count)`,
            pick((r) => at(r).status503),
          ),
        };
      }),
    },
    healthUnderLogins: {
      probeConnections: PROBE_CONNECTIONS,
      probeRate: PROBE_RATE,
      stormConnections: STORM_CONNECTIONS,
      idleP50Ms: row(
        '/health/live p50, no load (ms)',
        pick((r) => r.idle.p50),
        2,
      ),
      idleP99Ms: row(
        '/health/live p99, no load (ms)',
        pick((r) => r.idle.p99),
        2,
      ),
      stormP50Ms: row(
        `/health/live p50, login storm x${STORM_CONNECTIONS} (ms)`,
        pick((r) => r.storm.p50),
        2,
      ),
      stormP99Ms: row(
        `/health/live p99, login storm x${STORM_CONNECTIONS} (ms)`,
        pick((r) => r.storm.p99),
        2,
      ),
      idleMeasuredP99Ms: median(pick((r) => r.idle.measuredP99)),
      stormMeasuredP99Ms: median(pick((r) => r.storm.measuredP99)),
      probeRequests: median(pick((r) => r.storm.requests)),
      p99Ratio: row(
        '  p99 storm / no load (paired)',
        pick((r) => r.storm.p99 / r.idle.p99),
        1,
      ),
      stormLoginsPerSecond: row(
        '  storm logins (200/s)',
        pick((r) => r.storm.logins),
        1,
      ),
      storm503PerSecond: row(
        '  storm 503s (/s)',
        pick((r) => r.storm.requests503PerSecond),
      ),
      storm503: row(
        '  storm 503s (count)',
        pick((r) => r.storm.status503),
      ),
    },
    failures,
  };
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(
    `\n${'metric'.padEnd(width)}  ${'median'.padStart(9)}  per round\n${rows
      .map(
        ([label, values, digits]) =>
          `${label.padEnd(width)}  ${fixed(median(values), digits).padStart(9)}  ${values
            .map((value) => fixed(value, digits))
            .join(' / ')}`,
      )
      .join('\n')}\n`,
  );
  const probe = summary.healthUnderLogins;
  process.stdout.write(
    `/health/live probe: ${PROBE_CONNECTIONS} connections at ${PROBE_RATE > 0 ? `${PROBE_RATE} req/s` : 'full speed'}` +
      `${PROBE_RATE > 0 ? ', percentiles corrected for coordinated omission' : ''}; ` +
      `uncorrected p99 ${fixed(probe.idleMeasuredP99Ms, 2)} ms idle, ${fixed(probe.stormMeasuredP99Ms, 2)} ms under the storm\n`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

const benchStarted = performance.now();
const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-identity-'));
const scratch: ScratchDatabase | undefined =
  DATABASE_URL === '' ? undefined : await createScratchDatabase(DATABASE_URL);
const database = scratch === undefined ? 'pglite' : 'postgresql';
const children: ChildServer[] = [];
try {
  children.push(await startBare());
  // Without BENCH_DATABASE_URL the API falls back to PGlite, whatever this shell exports.
  children.push(
    // The routes' cost, not the limits in front of them, is measured here (bench:load has them on).
    await startApi({
      dataDir,
      logLevel: LOG_LEVEL,
      env: { DATABASE_URL: scratch?.url, ...UNLIMITED },
    }),
  );
  const [bare, api] = children as [ChildServer, ChildServer];
  process.stdout.write(
    `identity bench: ${availableParallelism()} cores, ${database}, LOG_LEVEL=${LOG_LEVEL}, ` +
      `argon2id m=${HASHING.memoryKib} t=${HASHING.timeCost} p=${HASHING.parallelism} ` +
      `(limiter ${HASHING.concurrency} running + ${HASHING.maxQueued} queued), ` +
      `${ROUNDS} rounds of ${DURATION_S} s\n`,
  );
  const emails = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${i}@example.com`);
  for (const email of emails) {
    await registerVerified(api, dataDir, email);
  }
  await warmUp(bare, api, emails);
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const result = await runRound(round, bare, api, emails);
    rounds.push(result);
    process.stdout.write(
      `round ${round}: hello ${fixed(result.bareRps)}, live ${fixed(result.liveRps)}, ` +
        `me ${fixed(result.meRps)} req/s; raw hash ${fixed(result.rawHashRate, 1)}/s, ` +
        result.logins
          .map((l) => `login x${l.connections} ${fixed(l.perSecond, 1)}/s (${l.status503}x 503)`)
          .join(', ') +
        `; live p50/p99 ${fixed(result.idle.p50, 2)}/${fixed(result.idle.p99, 2)} ms, ` +
        `under storm ${fixed(result.storm.p50, 2)}/${fixed(result.storm.p99, 2)} ms ` +
        `(${fixed(result.storm.logins, 1)} logins/s, ${result.storm.status503}x 503)\n`,
    );
  }
  report(rounds, database);
  process.stdout.write(`(${fixed((performance.now() - benchStarted) / 1000)} s in all)\n`);
} finally {
  for (const child of children) {
    await stopProcess(child.process, 15_000);
  }
  await scratch?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failures.length > 0) {
  process.stderr.write(`FAILED: unexpected outcomes\n${failures.join('\n')}\n`);
  process.exitCode = 1;
}
