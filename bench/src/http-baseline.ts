import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/**
 * GET /health/live of the Bulwark API against a bare NestJS-on-Fastify hello route, measured in
 * the same run, alternating rounds so that machine noise hits both alike. Prints the throughput
 * ratio: the cost of Bulwark's cross-cutting controls on the cheapest route.
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

function startServer(cwd: string, entry: string, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, [...REGISTER, entry], {
    cwd,
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /Listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1] !== undefined) {
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`${entry} exited with ${String(code)}`));
    });
  });
}

async function measure(url: string): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
const bare = await startServer(join(ROOT, 'bench'), 'src/bare-server.ts', {});
const api = await startServer(join(ROOT, 'apps/api'), 'src/main.ts', {
  NODE_ENV: 'development',
  PORT: '0',
  DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
});
try {
  const samples = { bare: [] as number[], api: [] as number[], ratio: [] as number[] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    const b = await measure(`${bare.url}/hello`);
    const a = await measure(`${api.url}/health/live`);
    samples.bare.push(b.rps);
    samples.api.push(a.rps);
    // Paired per round: both measurements of a round see the same machine load.
    samples.ratio.push(a.rps / b.rps);
    process.stdout.write(
      `round ${round}: bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms), bulwark ${a.rps.toFixed(0)} req/s (p99 ${a.p99} ms)\n`,
    );
  }
  const median = (values: number[]): number =>
    [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  const ratio = median(samples.ratio);
  process.stdout.write(
    `median: bare ${median(samples.bare).toFixed(0)} req/s, bulwark ${median(samples.api).toFixed(0)} req/s, median ratio bulwark/bare = ${ratio.toFixed(2)}\n`,
  );
} finally {
  bare.child.kill('SIGTERM');
  api.child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
