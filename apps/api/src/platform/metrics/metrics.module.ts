import {
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import {
  registerDatabasePoolMetrics,
  registerLogSinkMetrics,
  registerRedisMetrics,
} from './dependency-metrics.js';
import { httpMetricsHook } from './http-metrics.hook.js';
import type { MetricsConfig } from './metrics.config.js';
import { MetricsRegistryModule } from './metrics-registry.module.js';
import { MetricsServer } from './metrics.server.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly metrics: MetricsConfig };

/**
 * With METRICS_PORT set: the HTTP metrics, the process's (event-loop lag, heap, GC) and its
 * dependencies' (database pool, Redis, log sinks), served on their own listener. Unset: none of
 * it runs, and no port opens.
 */
@Module({ imports: [MetricsRegistryModule] })
export class MetricsModule implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private server: MetricsServer | undefined;
  /** `http://host:port/metrics` once listening. */
  url: string | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
    private readonly registry: Registry,
    private readonly dataSource: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    if (this.config.metrics.port === undefined) {
      return;
    }
    const { registry } = this;
    this.adapterHost.httpAdapter
      .getInstance<FastifyInstance>()
      .addHook('onResponse', httpMetricsHook(registry));
    collectDefaultMetrics({ register: registry });
    registerDatabasePoolMetrics(registry, this.dataSource);
    registerLogSinkMetrics(registry, this.logger);
    if (this.redis !== null) {
      registerRedisMetrics(registry, this.redis);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host, token } = this.config.metrics;
    if (port === undefined) {
      return;
    }
    this.server = new MetricsServer(this.registry, token);
    const address = await this.server.listen(host, port);
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${hostPart}:${address.port}/metrics`;
    this.logger.info(`Metrics on ${this.url}${token === undefined ? '' : ' (bearer token)'}`);
  }

  // Last: a scrape during the drain still sees the requests finishing.
  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
