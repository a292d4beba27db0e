import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsModule } from '../src/platform/metrics/metrics.module.js';
import { apiClient } from './support/api-client.js';
import { GOOD_PASSWORD, registerVerified, send, uniqueEmail } from './support/identity.js';
import { metricsUrl, scrape, valueOf, type Sample } from './support/metrics.js';
import { TEST_REDIS_URL } from './support/redis.js';
import { REDIS } from './support/requirements.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { testDatabases } from './support/test-database.js';

const TOKEN = 'metrics-token-'.padEnd(40, 'x');
const MONITORING = new URL('../../../infra/monitoring/', import.meta.url);

/** The metric names a PromQL text refers to: the API's, Node's and the process's. */
function metricNamesIn(text: string): string[] {
  return [...new Set(text.match(/\b(?:bulwark_|nodejs_|process_)[a-z0-9_]+\b/g) ?? [])];
}

/** The queries of every panel of the Grafana dashboard. */
function dashboardQueries(): string[] {
  const dashboard = JSON.parse(
    readFileSync(new URL('grafana/api.dashboard.json', MONITORING), 'utf8'),
  ) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
}

// Exported only when the API terminates TLS itself: certificate-monitoring.e2e-spec.ts scrapes it.
const EXPORTED_WITH_NATIVE_TLS = ['bulwark_tls_certificate_expiry_timestamp_seconds'];

describe.each(testDatabases())('metrics on $kind', (database) => {
  let api: TestApp;
  let url: string;
  let logDir: string;

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'bulwark-metrics-logs-'));
    api = await startTestApp({
      database,
      env: {
        METRICS_PORT: '0',
        METRICS_TOKEN: TOKEN,
        LOG_FILE: join(logDir, 'api.log'),
        ...(REDIS.present && { REDIS_URL: TEST_REDIS_URL }),
      },
    });
    url = metricsUrl(api);
  });

  afterAll(async () => {
    await api.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  const scrapeApi = (): Promise<Sample[]> => scrape(url, TOKEN);

  it('listens on loopback, apart from the API, and answers only with the bearer token', async () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(new URL(url).port).not.toBe(new URL(api.url).port);
    expect((await fetch(url)).status).toBe(401);
    for (const wrong of [`${TOKEN}y`, TOKEN.slice(1), 'x'.repeat(TOKEN.length)]) {
      const refused = await fetch(url, { headers: { authorization: `Bearer ${wrong}` } });
      expect(refused.status).toBe(401);
    }
    const other = await fetch(url.replace('/metrics', '/'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(other.status).toBe(404);
    // The public listener has no such route.
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
  });

  it('counts requests per route template and status class, unknown paths as one label', async () => {
    const before = await scrapeApi();
    const id = randomUUID();
    await send(api, 'GET', '/health/live');
    await send(api, 'GET', `/notes/${id}`);
    await send(api, 'GET', `/probe/${id}/admin.php`);
    const after = await scrapeApi();
    const count = (samples: Sample[], labels: Record<string, string>): number =>
      valueOf(samples, 'bulwark_http_request_duration_seconds_count', labels);
    for (const labels of [
      { route: '/health/live', method: 'GET', status_class: '2xx' },
      { route: '/notes/:id', method: 'GET', status_class: '4xx' },
      { route: 'unmatched', method: 'GET', status_class: '4xx' },
    ]) {
      expect(count(after, labels) - count(before, labels), JSON.stringify(labels)).toBe(1);
    }
    const routes = new Set(after.flatMap((sample) => sample.labels.route ?? []));
    expect([...routes].filter((route) => route.includes(id))).toEqual([]);
  });

  it('counts security events from the audit stream, with labels that never grow with attackers', async () => {
    const email = uniqueEmail('metrics');
    await registerVerified(api, email);
    const client = apiClient(api);
    const attack = async (): Promise<void> => {
      for (let i = 0; i < 3; i += 1) {
        await client.login(uniqueEmail('stuffed'), 'not the password at all');
        await send(api, 'GET', `/probe/${randomUUID()}`);
      }
      await client.login(email, 'not the password at all');
    };
    await attack();
    const first = await scrapeApi();
    await attack();
    const second = await scrapeApi();

    const failures = (samples: Sample[], reason: string): number =>
      valueOf(samples, 'bulwark_login_failures_total', { reason });
    expect(failures(second, 'unknown_account') - failures(first, 'unknown_account')).toBe(3);
    expect(failures(second, 'wrong_password') - failures(first, 'wrong_password')).toBe(1);
    // New e-mails, paths and failures, the same series: nothing an attacker sends becomes a label.
    const series = (samples: Sample[]): string[] =>
      samples
        // The runtime's own (GC kinds) may appear with time; the application's must not grow.
        .filter((sample) => sample.name.startsWith('bulwark_'))
        .map((sample) => `${sample.name}${JSON.stringify(sample.labels)}`)
        .sort();
    expect(series(second)).toEqual(series(first));
    const values = second.flatMap((sample) => Object.values(sample.labels));
    for (const value of values) {
      expect(value).not.toMatch(/@|127\.0\.0\.1|[0-9a-f]{8}-[0-9a-f]{4}-/i);
    }
  });

  it('counts a refresh-token reuse', async () => {
    const email = uniqueEmail('metrics-reuse');
    await registerVerified(api, email);
    const tokens = (await (await apiClient(api).login(email, GOOD_PASSWORD)).json()) as {
      refreshToken: string;
    };
    const client = apiClient(api);
    const before = valueOf(await scrapeApi(), 'bulwark_token_reuse_total');
    expect((await client.refresh(tokens.refreshToken)).status).toBe(200);
    expect((await client.refresh(tokens.refreshToken)).status).toBe(401);
    expect(valueOf(await scrapeApi(), 'bulwark_token_reuse_total') - before).toBe(1);
  });

  it('reports the process, the database pool, Redis, the log sinks and the password hasher', async () => {
    const samples = await scrapeApi();
    const names = new Set(samples.map((sample) => sample.name));
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'bulwark_db_pool_wait_seconds_count',
      'bulwark_log_sink_buffered_events',
      'bulwark_log_sink_dropped_events_total',
      'bulwark_password_hashing_tasks',
      'bulwark_password_hashing_shed_total',
      'bulwark_audit_write_failures_total',
      'bulwark_encrypted_values',
      ...(database.kind === 'postgres' ? ['bulwark_db_pool_connections'] : []),
      ...(REDIS.present ? ['bulwark_redis_up'] : []),
    ]) {
      expect(names, name).toContain(name);
    }
    expect(
      valueOf(samples, 'bulwark_log_sink_buffered_events', { sink: 'file' }),
    ).toBeGreaterThanOrEqual(0);
    if (REDIS.present) {
      expect(valueOf(samples, 'bulwark_redis_up')).toBe(1);
    }
    // Every encrypted column, by key state; nothing under an old key in a fresh database.
    const encrypted = samples.filter((sample) => sample.name === 'bulwark_encrypted_values');
    expect(encrypted.map((sample) => sample.labels.column)).toContain('users.email_encrypted');
    expect(valueOf(samples, 'bulwark_encrypted_values', { key: 'stale' })).toBe(0);
  });

  it('exports every metric the dashboard and the alert rules query', async () => {
    const exported = new Set((await scrapeApi()).map((sample) => sample.name));
    // Only with PostgreSQL's pool, and with Redis.
    const absentHere = new Set([
      ...(database.kind === 'postgres' ? [] : ['bulwark_db_pool_connections']),
      ...(REDIS.present ? [] : ['bulwark_redis_up']),
    ]);
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(15);
    const rules = readFileSync(new URL('prometheus/alerts.yml', MONITORING), 'utf8');
    const named = metricNamesIn([...queries, rules].join('\n')).filter(
      (name) => !absentHere.has(name) && !EXPORTED_WITH_NATIVE_TLS.includes(name),
    );
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
  });
});

describe('metrics without METRICS_PORT', () => {
  it('opens no listener', async () => {
    const api = await startTestApp();
    try {
      expect(api.app.get(MetricsModule).url).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});
