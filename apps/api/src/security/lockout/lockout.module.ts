import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { LockoutConfig } from './lockout.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { MemoryLockoutStore } from './memory-lockout.store.js';
import { RedisLockoutStore } from './redis-lockout.store.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly lockout: LockoutConfig };

/** Shared lockouts when Redis is configured; otherwise this process's own (one instance only). */
@Module({
  providers: [
    {
      provide: LoginLockoutService,
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: SectionsRead, redis: Redis | null) =>
        new LoginLockoutService(
          redis === null
            ? new MemoryLockoutStore(config.lockout)
            : new RedisLockoutStore(redis, config.lockout),
        ),
    },
  ],
  exports: [LoginLockoutService],
})
export class LockoutModule {}
