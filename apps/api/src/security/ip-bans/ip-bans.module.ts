import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, type AbstractHttpAdapter } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { IpBansConfig } from './ip-bans.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { ipBanCheckHook } from './ip-ban-check.hook.js';
import { IP_BAN_STORE, IpBanService } from './ip-ban.service.js';
import { IpBansController } from './ip-bans.controller.js';
import { MemoryIpBanStore } from './memory-ip-ban.store.js';
import { RedisIpBanStore } from './redis-ip-ban.store.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly ipBans: IpBansConfig };

/**
 * Global, so that every authentication path can report its failures. Bans are shared through
 * Redis when it is configured; otherwise they are this process's own (one instance only).
 */
@Global()
@Module({
  controllers: [IpBansController],
  providers: [
    IpBanService,
    {
      provide: IP_BAN_STORE,
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: SectionsRead, redis: Redis | null) =>
        redis === null
          ? new MemoryIpBanStore(config.ipBans)
          : new RedisIpBanStore(redis, config.ipBans),
    },
  ],
  exports: [IpBanService],
})
export class IpBansModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly bans: IpBanService,
  ) {}

  // Fastify binds hooks to routes when it becomes ready, so this one covers routes already added.
  onModuleInit(): void {
    // Undefined for CLI commands (which revoke sessions too): no HTTP server, nothing to guard.
    const adapter = this.adapterHost.httpAdapter as AbstractHttpAdapter | undefined;
    adapter?.getInstance<FastifyInstance>().addHook('onRequest', ipBanCheckHook(this.bans));
  }
}
