import type { KeyRingsConfig } from '../../platform/config/key-rings.js';
import { BlindIndex, FieldCipher, KeyRing } from '@bulwark/field-encryption';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { EmailDigest } from './email-digest.js';
import { EncryptedColumnSubscriber } from './encrypted-column.subscriber.js';
import { EncryptedValuesRepository } from './encrypted-values.repository.js';
import { FieldEncryptionService } from './field-encryption.service.js';
import { KeyRotationService } from './key-rotation.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly keyRings: KeyRingsConfig };

/** Key rings are built and self-tested once, at boot: a bad key stops the process before it serves. */
@Global()
@Module({
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
export class FieldEncryptionModule {}
