import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hash as argon2Hash, type Algorithm } from '@node-rs/argon2';
import autocannon from 'autocannon';
import type { passwordsConfigFrom } from '@bulwark/api';
import { FROM_SOURCE, REPO_ROOT, type ChildServer } from './api-process.js';

// The references the API is measured against: a bare NestJS-on-Fastify server and raw argon2id.

// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- Algorithm is a const enum, which isolated modules cannot read at run time.
const ARGON2ID: Algorithm = 2;

/** The bare server of bare-server.ts, which prints its URL once listening. */
export function startBare(env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, [...FROM_SOURCE, 'src/bare-server.ts'], {
    cwd: join(REPO_ROOT, 'bench'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const waitForUrl = (chunk: string): void => {
      output += chunk;
      const match = /Listening on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1] !== undefined) {
        child.stdout.off('data', waitForUrl).resume();
        resolve({ process: child, url: match[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', waitForUrl);
    child.once('exit', (code) => {
      reject(new Error(`bare-server.ts exited with ${String(code)}`));
    });
  });
}

/** argon2id hashes per second with `concurrency` running at once, straight on @node-rs/argon2. */
export async function rawHashRate(
  password: string,
  hashing: ReturnType<typeof passwordsConfigFrom>['hashing'],
  seconds: number,
  concurrency: number,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let hashes = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await argon2Hash(password, {
        algorithm: ARGON2ID,
        memoryCost: hashing.memoryKib,
        timeCost: hashing.timeCost,
        parallelism: hashing.parallelism,
        outputLen: 32,
      });
      hashes += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return hashes / ((performance.now() - started) / 1000);
}

// USER_HZ, 100 on every Linux architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;

export interface Measured {
  /** 2xx per second. */
  readonly rps: number;
  /** The server process's CPU per request: steadier than the rate on a shared machine. */
  readonly cpuMicrosPerRequest: number;
}

/** Load on `server` as autocannon `options` say; any other answer than 2xx fails the run. */
export async function measureWithCpu(
  server: ChildServer,
  label: string,
  options: autocannon.Options,
): Promise<Measured> {
  const pid = server.process.pid ?? 0;
  const cpuBefore = cpuMicros(pid);
  const result = await autocannon(options);
  const ok = result['2xx'];
  if (ok !== result.requests.total || result.errors > 0) {
    throw new Error(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return { rps: ok / result.duration, cpuMicrosPerRequest: (cpuMicros(pid) - cpuBefore) / ok };
}

/**
 * User and system CPU the process has used so far, in microseconds (Linux); with `thread`, that
 * thread's only (the main thread's id is the process's).
 */
export function cpuMicros(pid: number, thread?: number): number {
  const path = thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`;
  return statCpuMicros(readFileSync(path, 'utf8'));
}

/** What every PostgreSQL process of this machine has used so far, in microseconds (Linux). */
export function postgresCpuMicros(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) {
        total += statCpuMicros(stat);
      }
    } catch {
      // The process ended while the directory was read.
    }
  }
  return total;
}

function statCpuMicros(stat: string): number {
  // Fields 14 and 15 of a stat line, after the command name in parentheses; in clock ticks.
  const fields = stat.split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / CLOCK_TICKS_PER_SECOND);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
