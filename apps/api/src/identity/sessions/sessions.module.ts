import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { RefreshToken } from './refresh-token.entity.js';
import { createSessionLivenessCache } from './session-liveness.cache.js';
import { PrincipalInvalidation } from './principal-invalidation.service.js';
import { Session } from './session.entity.js';
import { SESSION_LIVENESS_CACHE, SessionService } from './session.service.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([Session, RefreshToken]), TokensModule],
  controllers: [SessionsController],
  providers: [
    SessionsRepository,
    SessionService,
    PrincipalInvalidation,
    {
      provide: SESSION_LIVENESS_CACHE,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis | null) => createSessionLivenessCache(redis),
    },
  ],
  exports: [SessionService, PrincipalInvalidation],
})
export class SessionsModule {}
