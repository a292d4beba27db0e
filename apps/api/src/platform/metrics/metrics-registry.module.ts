import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';

/**
 * The process's Prometheus registry: each capability registers its own metrics on it (never on
 * prom-client's global one, which two apps in one process would share). It fills even when
 * METRICS_PORT is unset: counters cost an addition, and only a scrape reads the gauges.
 */
@Module({
  providers: [{ provide: Registry, useFactory: () => new Registry() }],
  exports: [Registry],
})
export class MetricsRegistryModule {}
