import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { ThrottlingConfig } from './throttling.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { THROTTLER_STORAGE, ThrottlingGuard } from './throttling.guard.js';
import { ThrottlingOutageMonitor } from './throttling-outage.monitor.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly throttling: ThrottlingConfig };

/**
 * Every route counts against `default`; routes marked `@RateLimit(name)` against that limit too.
 * Counters are shared through Redis when it is configured, else kept in this process.
 */
@Module({
  providers: [
    {
      provide: THROTTLER_STORAGE,
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: SectionsRead, redis: Redis | null) =>
        redis === null
          ? new MemoryThrottlerStorage()
          : new RedisThrottlerStorage(redis, config.throttling.redisKeyPrefix),
    },
    ThrottlingOutageMonitor,
    { provide: APP_GUARD, useClass: ThrottlingGuard },
  ],
})
export class ThrottlingModule {}
