import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

/** infra/monitoring/prometheus/: the alert rules and their promtool tests. */
export const PROMETHEUS_RULES_DIR = fileURLToPath(
  new URL('../../../../infra/monitoring/prometheus/', import.meta.url),
);

export interface ScrapeTarget {
  /** `host:port` of a metrics listener. */
  readonly address: string;
  readonly token?: string;
}

/** An alert as `GET /api/v1/alerts` reports it. */
export interface ActiveAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
}

export interface PrivatePrometheus {
  readonly url: string;
  alerts(): Promise<ActiveAlert[]>;
  /** Resolves once an instant query returns at least one series. */
  waitFor(query: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Debian `prometheus` daemon on a loopback port, in a directory of its own, scraping `target`
 * and evaluating infra/monitoring's rules every second.
 */
export async function startPrometheus(target: ScrapeTarget): Promise<PrivatePrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [join(PROMETHEUS_RULES_DIR, 'alerts.yml')],
    scrape_configs: [
      {
        job_name: 'bulwark',
        ...(target.token !== undefined && { authorization: { credentials: target.token } }),
        static_configs: [{ targets: [target.address] }],
      },
    ],
  };
  // JSON is YAML: no serializer needed.
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T };
    if (body.status !== 'success') {
      throw new Error(`Prometheus ${path}: ${JSON.stringify(body)}`);
    }
    return body.data;
  };
  const prometheus: PrivatePrometheus = {
    url,
    alerts: async () => (await api<{ alerts: ActiveAlert[] }>('/api/v1/alerts')).alerts,
    waitFor: (query, timeoutMs) =>
      poll(
        async () => {
          const data = await api<{ result: unknown[] }>(
            `/api/v1/query?query=${encodeURIComponent(query)}`,
          );
          return data.result.length > 0;
        },
        timeoutMs,
        () => `${query} never returned a series; Prometheus said: ${log.slice(-2000)}`,
      ),
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await poll(
      async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.status === 200,
      30_000,
      () => `Prometheus did not become ready: ${log.slice(-2000)}`,
    );
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return prometheus;
}

/** Calls `check` every 250 ms until it resolves true; rejects with `describe()` after `timeoutMs`. */
export async function poll(
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(describe());
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}
