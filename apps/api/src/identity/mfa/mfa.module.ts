import { systemClock, type Clock } from '../../platform/clock/clock.js';
import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordsModule } from '../../security/passwords/passwords.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { WebAuthnModule } from '../webauthn/webauthn.module.js';
import { MFA_CLOCK } from './mfa-clock.js';
import { MfaRecoveryCode } from './mfa-recovery-code.entity.js';
import { MfaTotp } from './mfa-totp.entity.js';
import { MfaRepository } from './mfa.repository.js';
import { MfaService } from './mfa.service.js';

/** TOTP, recovery codes and passkeys; routes, login and step-up build on {@link MfaService}. */
@Module({
  imports: [
    TypeOrmModule.forFeature([MfaTotp, MfaRecoveryCode]),
    PasswordsModule,
    SessionsModule,
    WebAuthnModule,
  ],
  providers: [MfaRepository, MfaService, { provide: MFA_CLOCK, useValue: systemClock }],
  exports: [MfaService],
})
export class MfaModule {
  /** This module on another clock, for tests that move time instead of waiting for it. */
  static withClock(clock: Clock): DynamicModule {
    // Nest registers a dynamic module's providers after its decorator's: this clock replaces the system one.
    return { module: MfaModule, providers: [{ provide: MFA_CLOCK, useValue: clock }] };
  }
}
