import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { PasswordHasherService } from './password-hasher.service.js';
import { PasswordPolicyService } from './password-policy.service.js';
import { PasswordsModule } from './passwords.module.js';

@Module({})
class TestRootModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TestRootModule, imports: [ConfigModule.forRoot(config), PasswordsModule] };
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
      },
    } as AppConfig;
    const context = await NestFactory.createApplicationContext(TestRootModule.forRoot(config), {
      logger: false,
    });
    try {
      const hasher = context.get(PasswordHasherService);
      expect(await hasher.hash('sixteen code pts')).toMatch(/^\$argon2id\$v=19\$m=24576,t=3,p=1\$/);
      const policy = context.get(PasswordPolicyService);
      expect(policy.check('fifteen code pt', { email: 'a@example.com' })).toEqual(['too_short']);
      expect(policy.check('sixteen code pts', { email: 'a@example.com' })).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
