import { Module } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { Registry } from 'prom-client';
import type { PasswordsConfig } from './passwords.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { MetricsRegistryModule } from '../../platform/metrics/metrics-registry.module.js';
import { PasswordHasherService } from './password-hasher.service.js';
import { registerPasswordHashingMetrics } from './password-hashing.metrics.js';
import { PasswordPolicyService } from './password-policy.service.js';
import { PwnedPasswordsClient } from './pwned-passwords.client.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly passwords: PasswordsConfig };

/** The hasher is ready only once its dummy hash exists: created by an async factory, at boot. */
@Module({
  imports: [MetricsRegistryModule],
  providers: [
    {
      provide: PasswordHasherService,
      inject: [APP_CONFIG, Registry],
      useFactory: async (config: SectionsRead, registry: Registry) => {
        const hasher = await PasswordHasherService.create(config.passwords.hashing);
        registerPasswordHashingMetrics(registry, hasher);
        return hasher;
      },
    },
    {
      provide: PasswordPolicyService,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: ({ passwords }: SectionsRead, log: BulwarkLogger) => {
        const pwned = passwords.pwnedPasswords;
        const remote =
          pwned === undefined
            ? undefined
            : { client: new PwnedPasswordsClient(pwned), onFailure: pwned.onFailure, log };
        return new PasswordPolicyService(passwords.policy, remote);
      },
    },
  ],
  exports: [PasswordHasherService, PasswordPolicyService],
})
export class PasswordsModule {}
