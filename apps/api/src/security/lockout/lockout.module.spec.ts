import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../app.config.js';
import { ConfigModule } from '../../platform/config/config.module.js';
import { LoggingModule } from '../../platform/logging/logging.module.js';
import { RedisModule } from '../../platform/redis/redis.module.js';
import { TEST_REDIS_URL } from '../../../test/support/redis.js';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { LockoutModule } from './lockout.module.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { REDIS } from '../../../test/support/requirements.js';

@Module({})
class TestRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TestRootModule,
      imports: [
        ConfigModule.forRoot(config),
        // RedisModule logs only while Redis is down, which these tests do not play.
        LoggingModule.forRoot({} as BulwarkLogger),
        RedisModule,
        LockoutModule,
      ],
    };
  }
}

async function startContext(redisUrl: string | undefined) {
  // Only the sections these modules read.
  const config = {
    redis: { url: redisUrl, caFile: undefined },
    lockout: { threshold: 2, baseSeconds: 7, maxSeconds: 60 },
  };
  return NestFactory.createApplicationContext(TestRootModule.forRoot(config as AppConfig), {
    logger: false,
  });
}

describe(LockoutModule.name, () => {
  it('keeps lockouts in this process when REDIS_URL is unset, with AppConfig.lockout', async () => {
    const context = await startContext(undefined);
    try {
      const lockout = context.get(LoginLockoutService);
      await lockout.recordFailure('k');
      await expect(lockout.recordFailure('k')).resolves.toEqual({
        failures: 2,
        lockedForSeconds: 7,
      });
    } finally {
      await context.close();
    }
  });

  it.runIf(REDIS.present)(
    'keeps lockouts in Redis under bulwark:lockout: when REDIS_URL is set',
    async () => {
      const context = await startContext(TEST_REDIS_URL);
      const key = `test-${randomUUID()}`;
      const redis = context.get<Redis>(REDIS_CLIENT);
      try {
        const lockout = context.get(LoginLockoutService);
        await lockout.recordFailure(key);
        await expect(lockout.recordFailure(key)).resolves.toEqual({
          failures: 2,
          lockedForSeconds: 7,
        });
        await expect(redis.hget(`bulwark:lockout:${key}`, 'level')).resolves.toBe('1');
      } finally {
        await redis.del(`bulwark:lockout:${key}`);
        await context.close();
      }
    },
  );
});
