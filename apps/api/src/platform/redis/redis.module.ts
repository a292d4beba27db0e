import type { RedisConfig } from './redis.config.js';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import { APP_LOGGER } from '../logging/logging.module.js';
import { closeRedis, connectRedis } from './redis.client.js';
import { REDIS_CLIENT } from './redis.tokens.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly redis: RedisConfig };

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: SectionsRead, logger: BulwarkLogger): Promise<Redis> | null =>
        config.redis.url === undefined
          ? null
          : connectRedis(config.redis.url, logger, config.redis.caFile),
    },
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  // Runs once the HTTP server has drained, so requests in flight could still reach Redis.
  async onApplicationShutdown(): Promise<void> {
    if (this.redis !== null) {
      await closeRedis(this.redis);
    }
  }
}
