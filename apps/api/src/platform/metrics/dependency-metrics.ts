import type { BulwarkLogger, LoggerStats } from '@bulwark/logging';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

type ConnectCallback = (error: Error | null, client: unknown, release: () => void) => void;

/** What is read of a `pg.Pool` (the embedded database's look-alike has only `connect`). */
interface PoolLike {
  connect(callback: ConnectCallback): void;
  readonly totalCount?: number;
  readonly idleCount?: number;
  readonly waitingCount?: number;
}

/**
 * Connections in use, idle and awaited, and how long a query waited for one. pg's Pool reports
 * no wait time, so its `connect` (which TypeORM calls with a callback) is timed here.
 */
export function registerDatabasePoolMetrics(registry: Registry, dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: PoolLike }).master;
  if (pool === undefined) {
    return;
  }
  const wait = new Histogram({
    name: 'bulwark_db_pool_wait_seconds',
    help: 'Time from asking the pool for a connection to getting one (or an error)',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const connect = pool.connect.bind(pool);
  pool.connect = (callback: ConnectCallback): void => {
    const waited = wait.startTimer();
    connect((error, client, release) => {
      waited();
      callback(error, client, release);
    });
  };
  if (pool.totalCount === undefined) {
    return;
  }
  new Gauge({
    name: 'bulwark_db_pool_connections',
    help: 'Database pool connections by state: in use, idle, and callers waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const total = pool.totalCount ?? 0;
      const idle = pool.idleCount ?? 0;
      this.set({ state: 'in_use' }, total - idle);
      this.set({ state: 'idle' }, idle);
      this.set({ state: 'waiting' }, pool.waitingCount ?? 0);
    },
  });
}

/** 1 while the client is connected and ready; the ping of /health/ready is not repeated here. */
export function registerRedisMetrics(registry: Registry, redis: Redis): void {
  new Gauge({
    name: 'bulwark_redis_up',
    help: 'Whether the shared Redis client is connected (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(redis.status === 'ready' ? 1 : 0);
    },
  });
}

const SINKS = ['file', 'syslog', 'otlp'] as const satisfies readonly (keyof LoggerStats)[];

/** The log sinks' buffers and losses, as /health/ready reports them; only the configured sinks. */
export function registerLogSinkMetrics(registry: Registry, logger: BulwarkLogger): void {
  const configured = (stats: LoggerStats) =>
    SINKS.flatMap((sink) => {
      const sinkStats = stats[sink];
      return sinkStats === undefined ? [] : [{ sink, ...sinkStats }];
    });
  new Gauge({
    name: 'bulwark_log_sink_buffered_events',
    help: 'Log events waiting in memory for a sink',
    labelNames: ['sink'] as const,
    registers: [registry],
    collect() {
      for (const { sink, buffered } of configured(logger.stats())) {
        this.set({ sink }, buffered);
      }
    },
  });
  new Gauge({
    name: 'bulwark_log_sink_connected',
    help: 'Whether the last attempt to reach a log sink succeeded (1) or not (0)',
    labelNames: ['sink'] as const,
    registers: [registry],
    collect() {
      for (const { sink, connected } of configured(logger.stats())) {
        this.set({ sink }, connected ? 1 : 0);
      }
    },
  });
  new Counter({
    name: 'bulwark_log_sink_dropped_events_total',
    help: 'Log events a sink lost (buffer full or refused), audit events apart',
    labelNames: ['sink', 'kind'] as const,
    registers: [registry],
    collect() {
      // The sinks count since start; the counter takes their totals as they are.
      this.reset();
      for (const { sink, dropped, droppedAudit } of configured(logger.stats())) {
        this.inc({ sink, kind: 'other' }, dropped);
        this.inc({ sink, kind: 'audit' }, droppedAudit);
      }
    },
  });
}
