import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from './free-port.js';
import { startBare } from './reference.js';

/**
 * GET /health/live of the Bulwark API against a bare NestJS-on-Fastify hello route, measured in
 * the same run, alternating rounds so that machine noise hits all alike. Prints the throughput
 * ratios: the cost of Bulwark's cross-cutting controls on the cheapest route, with the default
 * access log (one line per request) and without it (LOG_LEVEL=warn).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REGISTER = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

/** The API at a given log level; `info` (the default) writes one access-log line per request. */
async function startApi(logLevel: string, dataDir: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...REGISTER, 'src/main.ts'], {
    cwd: join(ROOT, 'apps/api'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: logLevel,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (
      await fetch(`${url}/health/live`).then(
        (response) => response.ok,
        () => false,
      )
    ) {
      return { child, url };
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error('the API did not start within 30 s');
}

async function measure(url: string): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const dataDirs = [
  mkdtempSync(join(tmpdir(), 'bulwark-bench-')),
  mkdtempSync(join(tmpdir(), 'bulwark-bench-')),
];
const bare = await startBare();
const variants = [
  { name: 'bulwark', server: await startApi('info', dataDirs[0]!) },
  { name: 'bulwark without access log', server: await startApi('warn', dataDirs[1]!) },
];
try {
  const ratios = variants.map(() => [] as number[]);
  for (let round = 1; round <= ROUNDS; round += 1) {
    const b = await measure(`${bare.url}/hello`);
    const line = [`round ${round}: bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms)`];
    for (const [index, { name, server }] of variants.entries()) {
      const a = await measure(`${server.url}/health/live`);
      // Paired per round: each ratio compares measurements taken under the same machine load.
      ratios[index]?.push(a.rps / b.rps);
      line.push(`${name} ${a.rps.toFixed(0)} req/s (p99 ${a.p99} ms)`);
    }
    process.stdout.write(`${line.join(', ')}\n`);
  }
  const median = (values: number[]): number =>
    [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  for (const [index, { name }] of variants.entries()) {
    process.stdout.write(
      `median ratio ${name} / bare = ${median(ratios[index] ?? []).toFixed(2)}\n`,
    );
  }
} finally {
  bare.process.kill('SIGTERM');
  for (const { server } of variants) {
    server.child.kill('SIGTERM');
  }
  for (const dir of dataDirs) {
    rmSync(dir, { recursive: true, force: true });
  }
}
