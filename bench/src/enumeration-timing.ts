import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { UNLIMITED } from './api-process.js';
import { freePort } from './free-port.js';

/**
 * Response times of the routes that must not reveal whether an e-mail address has an account
 * (ASVS 6.3.8): login, register and forgot-password, each for an existing and an unknown address,
 * sampled alternately, one request at a time, against the API in a child process. Prints the
 * medians and quartiles of each pair and the difference of the medians.
 */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
// Lets the work each request leaves behind (register's account and mail) finish before the next
// request, so that one case's background work is not timed as the other case's response.
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 30);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const KNOWN = 'known@example.com';
// Below LOGIN_LOCKOUT_THRESHOLD: a success resets the known address's failure count in time.
const FAILURES_BEFORE_RESET = 40;

interface Pair {
  readonly route: string;
  readonly existing: (index: number) => Promise<number>;
  readonly unknown: (index: number) => Promise<number>;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-bench-enum-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', '@swc-node/register/esm-register', 'src/main.ts'],
    {
      cwd: join(ROOT, 'apps/api'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        UNSAFE_ALLOW_UNVERIFIED_LOGIN: 'true',
        // Timing, not abuse protection, is measured: no lockout, limit or ban may answer instead.
        LOGIN_LOCKOUT_THRESHOLD: '100',
        ...UNLIMITED,
      },
      stdio: 'ignore',
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilLive(url);
    await post(url, '/auth/register', { email: KNOWN, password: PASSWORD });
    await waitFor(
      async () => (await post(url, '/auth/login', { email: KNOWN, password: PASSWORD })) === 200,
    );
    const report = [];
    for (const pair of pairs(url)) {
      report.push(await measure(pair));
    }
    for (const row of report) {
      process.stdout.write(`${Object.values(row).join(' | ')}\n`);
    }
    process.stdout.write(
      `${JSON.stringify({ bench: 'enumeration-timing', samples: SAMPLES, gapMs: GAP_MS, report })}\n`,
    );
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pairs(url: string): Pair[] {
  let failures = 0;
  const unknownAddress = (route: string, index: number): string =>
    `${route}-${String(index)}-${String(process.hrtime.bigint())}@example.com`;
  return [
    {
      route: 'POST /auth/login (wrong password vs unknown address)',
      existing: async () => {
        if (++failures % FAILURES_BEFORE_RESET === 0) {
          await post(url, '/auth/login', { email: KNOWN, password: PASSWORD });
        }
        return timed(url, '/auth/login', { email: KNOWN, password: `${PASSWORD}!` }, 401);
      },
      unknown: (index) =>
        timed(
          url,
          '/auth/login',
          { email: unknownAddress('login', index), password: PASSWORD },
          401,
        ),
    },
    {
      route: 'POST /auth/register (taken vs new address)',
      existing: () => timed(url, '/auth/register', { email: KNOWN, password: PASSWORD }, 202),
      unknown: (index) =>
        timed(
          url,
          '/auth/register',
          { email: unknownAddress('register', index), password: PASSWORD },
          202,
        ),
    },
    {
      route: 'POST /auth/password/forgot (known vs unknown address)',
      existing: () => timed(url, '/auth/password/forgot', { email: KNOWN }, 202),
      unknown: (index) =>
        timed(url, '/auth/password/forgot', { email: unknownAddress('forgot', index) }, 202),
    },
  ];
}

/** Alternates the two cases so that drift in machine load hits both alike. */
async function measure(pair: Pair): Promise<Record<string, string | number>> {
  const existing: number[] = [];
  const unknown: number[] = [];
  for (let index = 0; index < SAMPLES; index += 1) {
    if (index % 2 === 0) {
      existing.push(await pair.existing(index));
      unknown.push(await pair.unknown(index));
    } else {
      unknown.push(await pair.unknown(index));
      existing.push(await pair.existing(index));
    }
  }
  const a = quartiles(existing);
  const b = quartiles(unknown);
  return {
    route: pair.route,
    'existing p25/p50/p75 ms': a.map(round).join(' / '),
    'unknown p25/p50/p75 ms': b.map(round).join(' / '),
    'median difference ms': round(a[1] - b[1]),
  };
}

async function timed(url: string, path: string, body: unknown, expected: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, GAP_MS));
  const start = performance.now();
  const status = await post(url, path, body);
  const elapsed = performance.now() - start;
  if (status !== expected) {
    throw new Error(`${path} answered ${String(status)}, expected ${String(expected)}`);
  }
  return elapsed;
}

async function post(url: string, path: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

function quartiles(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return [at(0.25), at(0.5), at(0.75)];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

async function waitUntilLive(url: string): Promise<void> {
  await waitFor(() =>
    fetch(`${url}/health/live`).then(
      (response) => response.ok,
      () => false,
    ),
  );
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    if (await check()) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('timed out');
}

await main();
