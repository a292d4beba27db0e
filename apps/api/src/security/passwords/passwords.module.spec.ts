import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../app.config.js';
import { ConfigModule } from '../../platform/config/config.module.js';
import { LoggingModule } from '../../platform/logging/logging.module.js';
import { PasswordHasherService } from './password-hasher.service.js';
import { PasswordPolicyService } from './password-policy.service.js';
import { PasswordsModule } from './passwords.module.js';

@Module({})
class TestRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TestRootModule,
      // Nothing logs without a remote breach lookup configured.
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({} as BulwarkLogger),
        PasswordsModule,
      ],
    };
  }
}

describe(PasswordsModule.name, () => {
  it('builds both services from AppConfig.passwords', async () => {
    // Only the section this module reads; the rest of AppConfig is beside the point here.
    const config = {
      passwords: {
        hashing: {
          memoryKib: 24_576,
          timeCost: 3,
          parallelism: 1,
          concurrency: 1,
          maxQueued: 1,
        },
        policy: { minLength: 16 },
        pwnedPasswords: undefined,
      },
    } as AppConfig;
    const context = await NestFactory.createApplicationContext(TestRootModule.forRoot(config), {
      logger: false,
    });
    try {
      const hasher = context.get(PasswordHasherService);
      expect(await hasher.hash('sixteen code pts')).toMatch(/^\$argon2id\$v=19\$m=24576,t=3,p=1\$/);
      const policy = context.get(PasswordPolicyService);
      expect(await policy.check('fifteen code pt', { email: 'a@example.com' })).toEqual([
        'too_short',
      ]);
      expect(await policy.check('sixteen code pts', { email: 'a@example.com' })).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
