import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '@bulwark/api/testing';
import { accessToken, registerVerified } from './accounts.js';
import { startApi, stopProcess, UNLIMITED, type ChildServer } from './api-process.js';
import { freePort } from './free-port.js';
import { measureWithCpu, median, type Measured } from './reference.js';
import { positiveInteger } from './env-settings.js';

/**
 * GET /users/me with metrics and traces on against the same API with both off, in one run: two
 * processes on the same database kind, measured in turns (paired rounds, the order reversed each
 * round), median of the ratios. "On" is what a production deployment runs: METRICS_PORT scraped
 * every 15 s (BENCH_SCRAPE_INTERVAL_S), and OTLP traces (HTTP, PostgreSQL, Redis spans; the default
 * sampling unless OTEL_TRACES_SAMPLER says otherwise) sent to a local receiver that discards them.
 * BENCH_ON=none turns nothing on: the machine's own noise between two identical processes. PGlite
 * unless BENCH_DATABASE_URL is set (PostgreSQL has the database spans); Redis with BENCH_REDIS_URL.
 */
const ROUNDS = positiveInteger('BENCH_ROUNDS', 6);
const DURATION_S = positiveInteger('BENCH_DURATION_S', 5);
const CONNECTIONS = positiveInteger('BENCH_CONNECTIONS', 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? '';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? '';
// Prometheus scrapes every 15 s unless configured otherwise; BENCH_SCRAPE_INTERVAL_S=1 is a harsh case.
const SCRAPE_INTERVAL_S = Number(process.env.BENCH_SCRAPE_INTERVAL_S ?? '15');
/** With BENCH_CPU_PROF=<dir>, the "on" side writes a V8 CPU profile there when it stops. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ?? '';
// What the "on" side turns on: `metrics`, `traces` or both (comma-separated), to tell their costs apart.
const ON = new Set(
  (process.env.BENCH_ON ?? 'metrics,traces').split(',').map((part) => part.trim()),
);

/** An OTLP/HTTP receiver that answers 200 and keeps nothing: the export's cost, not a collector's. */
async function discardingReceiver(): Promise<{ server: Server; url: string; spans: () => number }> {
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => response.writeHead(200).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, spans: () => bytes };
}

/** A verified account on `api`, logged in: its access token. */
async function signedIn(api: ChildServer, dataDir: string): Promise<string> {
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  await registerVerified(api, dataDir, email);
  return accessToken(api, email);
}

function measureUsersMe(api: ChildServer, token: string): Promise<Measured> {
  return measureWithCpu(api, 'GET /users/me', {
    url: `${api.url}/users/me`,
    headers: { authorization: `Bearer ${token}` },
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
}

interface Side {
  readonly api: ChildServer;
  readonly dataDir: string;
  readonly scratch: ScratchDatabase | undefined;
}

async function startSide(
  env: Readonly<Record<string, string>>,
  nodeFlags: readonly string[] = [],
): Promise<Side> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-observability-'));
  const scratch = DATABASE_URL === '' ? undefined : await createScratchDatabase(DATABASE_URL);
  const api = await startApi({
    dataDir,
    logLevel: 'warn',
    nodeFlags,
    env: {
      ...UNLIMITED,
      ...(scratch !== undefined && { DATABASE_URL: scratch.url }),
      ...(REDIS_URL !== '' && { REDIS_URL }),
      ...env,
    },
  });
  return { api, dataDir, scratch };
}

async function stopSide(side: Side): Promise<void> {
  await stopProcess(side.api.process, 10_000);
  await side.scratch?.drop();
  rmSync(side.dataDir, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const receiver = await discardingReceiver();
  const metricsPort = await freePort();
  const off = await startSide({});
  const on = await startSide(
    {
      ...(ON.has('metrics') && { METRICS_PORT: String(metricsPort) }),
      ...(ON.has('traces') && { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    },
    CPU_PROF_DIR === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`],
  );
  // Prometheus' part, all through the measurement: its default interval unless told otherwise.
  const scraper = setInterval(() => {
    if (ON.has('metrics')) {
      void fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((response) => response.text());
    }
  }, SCRAPE_INTERVAL_S * 1000);
  try {
    const tokens = {
      off: await signedIn(off.api, off.dataDir),
      on: await signedIn(on.api, on.dataDir),
    };
    // Warm-up: JIT, pools and caches of both sides.
    await measureUsersMe(off.api, tokens.off);
    await measureUsersMe(on.api, tokens.on);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const rates = { off: [] as number[], on: [] as number[] };
    const cpu = { off: [] as number[], on: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const sides = round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const side of sides) {
        const measured = await measureUsersMe(side === 'on' ? on.api : off.api, tokens[side]);
        rates[side].push(measured.rps);
        cpu[side].push(measured.cpuMicrosPerRequest);
      }
      ratios.push((rates.on.at(-1) ?? 0) / (rates.off.at(-1) ?? 1));
      cpuRatios.push((cpu.on.at(-1) ?? 0) / (cpu.off.at(-1) ?? 1));
    }
    const cost = 1 - median(ratios);
    const summary = {
      bench: 'observability',
      database: DATABASE_URL === '' ? 'pglite' : 'postgresql',
      redis: REDIS_URL !== '',
      on: [...ON],
      traceSampler: process.env.OTEL_TRACES_SAMPLER ?? 'the default (1 % of traces)',
      scrapeIntervalS: SCRAPE_INTERVAL_S,
      cores: availableParallelism(),
      rounds: ROUNDS,
      durationS: DURATION_S,
      connections: CONNECTIONS,
      usersMeRpsOff: Math.round(median(rates.off)),
      usersMeRpsOn: Math.round(median(rates.on)),
      onOverOffPaired: Number(median(ratios).toFixed(3)),
      costPercent: Number((cost * 100).toFixed(1)),
      cpuMicrosPerRequestOff: Math.round(median(cpu.off)),
      cpuMicrosPerRequestOn: Math.round(median(cpu.on)),
      cpuCostPercent: Number(((median(cpuRatios) - 1) * 100).toFixed(1)),
      otlpBytesReceived: receiver.spans(),
    };
    process.stdout.write(
      `GET /users/me, metrics and traces off: ${summary.usersMeRpsOff} req/s, on: ${summary.usersMeRpsOn} req/s; ` +
        `on/off (paired median) ${summary.onOverOffPaired}: cost ${summary.costPercent} %; ` +
        `CPU per request off ${summary.cpuMicrosPerRequestOff} µs, on ${summary.cpuMicrosPerRequestOn} µs: ` +
        `cost ${summary.cpuCostPercent} %\n${JSON.stringify(summary)}\n`,
    );
    if (
      ON.has('traces') &&
      process.env.OTEL_TRACES_SAMPLER !== 'always_off' &&
      summary.otlpBytesReceived === 0
    ) {
      throw new Error('no trace reached the receiver: the "on" side did not trace');
    }
  } finally {
    clearInterval(scraper);
    await Promise.all([stopSide(off), stopSide(on)]);
    receiver.server.close();
  }
}

await main();
