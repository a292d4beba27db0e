import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { PasswordHasherService } from './password-hasher.service.js';
import { PasswordPolicyService } from './password-policy.service.js';

/** The hasher is ready only once its dummy hash exists: created by an async factory, at boot. */
@Module({
  providers: [
    {
      provide: PasswordHasherService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => PasswordHasherService.create(config.passwords.hashing),
    },
    {
      provide: PasswordPolicyService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PasswordPolicyService(config.passwords.policy),
    },
  ],
  exports: [PasswordHasherService, PasswordPolicyService],
})
export class PasswordsModule {}
