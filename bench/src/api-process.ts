import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

// One way to run the API (and other servers) from source, so that every bench times the same thing.

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Node flags that run a TypeScript entry point from source, as `pnpm dev` does. */
export const FROM_SOURCE = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

export interface ChildServer {
  readonly process: ChildProcess;
  readonly url: string;
}

export interface StartedApi extends ChildServer {
  /** From spawn to the first 200 of the ready route. */
  readonly startMs: number;
}

export interface ApiOptions {
  readonly dataDir: string;
  readonly logLevel: string;
  /** Applied last; an undefined value drops the variable this process would pass on. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Gets stdout and stderr; without it, stdout is dropped and stderr's tail explains a failed start.
   */
  readonly logPath?: string;
  /** The production build (`dist/main.js`, what `pnpm start` runs) instead of the source. */
  readonly compiled?: boolean;
  /** Node flags before the entry point, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  /** The route whose 200 means started; /health/ready waits for the database too. */
  readonly readyPath?: string;
  /** How often that route is asked while starting; the start time is as precise as this. */
  readonly pollMs?: number;
}

/** The API as `pnpm dev` (without --watch) or `pnpm start` runs it; ready once /health/live answers. */
export async function startApi(options: ApiOptions): Promise<StartedApi> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // development for the .eml outbox and generated keys.
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: options.dataDir,
    LOG_LEVEL: options.logLevel,
    ...options.env,
  };
  const log = options.logPath === undefined ? undefined : openSync(options.logPath, 'w');
  // The tracing preload, as `pnpm dev` and `pnpm start` run the API (it loads nothing unless
  // OTEL_EXPORTER_OTLP_ENDPOINT is set).
  const tracing = ['--import', '@bulwark/api/tracing'];
  const entry =
    options.compiled === true
      ? [...tracing, 'dist/main.js']
      : [...FROM_SOURCE, ...tracing, 'src/main.ts'];
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...entry], {
    cwd: join(REPO_ROOT, 'apps/api'),
    env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)),
    stdio: log === undefined ? ['ignore', 'ignore', 'pipe'] : ['ignore', log, log],
  });
  if (log !== undefined) {
    closeSync(log);
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const ready = await answersOk(
    child,
    `${url}${options.readyPath ?? '/health/live'}`,
    started + 60_000,
    options.pollMs ?? 250,
  );
  if (ready) {
    return { process: child, url, startMs: performance.now() - started };
  }
  child.kill('SIGTERM');
  const tail = child.stderr === null ? '' : `\n${stderr}`;
  throw new Error(`the API did not start within 60 s${tail}`);
}

/**
 * Asks `url` every `pollMs` until it answers 2xx (true), or until `deadline` (performance.now()
 * time) passes or the child exits (false).
 */
export async function answersOk(
  child: ChildProcess,
  url: string,
  deadline: number,
  pollMs: number,
): Promise<boolean> {
  while (performance.now() < deadline && child.exitCode === null) {
    if (
      await fetch(url).then(
        (response) => response.ok,
        () => false,
      )
    ) {
      return true;
    }
    await sleep(pollMs);
  }
  return false;
}

/** SIGTERM, then SIGKILL if the process is still running `killAfterMs` later. */
export async function stopProcess(child: ChildProcess, killAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

/** Rate limits and bans out of the way, for benches that measure what is behind them. */
export const UNLIMITED: Readonly<Record<string, string>> = {
  THROTTLE_DEFAULT: '9999999/60',
  THROTTLE_LOGIN: '9999999/60',
  THROTTLE_REGISTER: '9999999/60',
  THROTTLE_PASSWORD_FORGOT: '9999999/60',
  IP_BAN_DISTINCT_ACCOUNTS: '1000',
};
