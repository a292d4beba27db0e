import type { KeyRingsConfig } from '../../platform/config/key-rings.js';
import { BlindIndex, FieldCipher, KeyRing } from '@bulwark/field-encryption';
import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { Registry } from 'prom-client';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { MetricsRegistryModule } from '../../platform/metrics/metrics-registry.module.js';
import { EmailDigest } from './email-digest.js';
import { EncryptedColumnSubscriber } from './encrypted-column.subscriber.js';
import { EncryptedValuesRepository } from './encrypted-values.repository.js';
import { FieldEncryptionService } from './field-encryption.service.js';
import { KeyRotationService } from './key-rotation.service.js';
import { registerKeyRotationMetrics } from './key-rotation.metrics.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly keyRings: KeyRingsConfig };

/** Key rings are built and self-tested once, at boot: a bad key stops the process before it serves. */
@Global()
@Module({
  imports: [MetricsRegistryModule],
  providers: [
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (config: SectionsRead) =>
        new FieldCipher(new KeyRing(config.keyRings.fieldEncryption)),
    },
    {
      provide: BlindIndex,
      inject: [APP_CONFIG],
      useFactory: (config: SectionsRead) => new BlindIndex(new KeyRing(config.keyRings.blindIndex)),
    },
    FieldEncryptionService,
    EncryptedColumnSubscriber,
    EncryptedValuesRepository,
    KeyRotationService,
    EmailDigest,
  ],
  exports: [FieldEncryptionService, KeyRotationService, EmailDigest],
})
export class FieldEncryptionModule implements OnModuleInit {
  constructor(
    private readonly registry: Registry,
    private readonly rotation: KeyRotationService,
  ) {}

  onModuleInit(): void {
    registerKeyRotationMetrics(this.registry, this.rotation);
  }
}
