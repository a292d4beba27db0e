import { Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { ThrottlingConfig } from './throttling.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { ThrottlingGuard } from './throttling.guard.js';
import { ThrottlingOutageMonitor } from './throttling-outage.monitor.js';
import { routeLimitNameOf } from './rate-limit.decorator.js';
import { RATE_LIMIT_NAMES } from './throttling.policies.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly throttling: ThrottlingConfig };

/**
 * Every route counts against `default`; routes marked `@RateLimit(name)` against that limit too.
 * Counters are shared through Redis when it is configured, else kept in this process.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: SectionsRead, redis: Redis | null) => ({
        throttlers: RATE_LIMIT_NAMES.map((name) => ({
          name,
          limit: config.throttling.limits[name].limit,
          ttl: config.throttling.limits[name].windowSeconds * 1000,
          // Checked before the library reads five more metadata keys of this limit for the route:
          // a route counts against `default` and its own named limit only.
          ...(name !== 'default' && {
            skipIf: (context: ExecutionContext) => routeLimitNameOf(context) !== name,
          }),
        })),
        storage:
          redis === null
            ? new MemoryThrottlerStorage()
            : new RedisThrottlerStorage(redis, config.throttling.redisKeyPrefix),
      }),
    }),
  ],
  providers: [ThrottlingOutageMonitor, { provide: APP_GUARD, useClass: ThrottlingGuard }],
})
export class ThrottlingModule {}
