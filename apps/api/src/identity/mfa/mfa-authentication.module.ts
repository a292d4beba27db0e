import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FailedAttempts } from '../../security/lockout/failed-attempts.service.js';
import { LockoutModule } from '../../security/lockout/lockout.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebAuthnModule } from '../webauthn/webauthn.module.js';
import { MfaChallenge } from './mfa-challenge.entity.js';
import { MfaChallengesRepository } from './mfa-challenges.repository.js';
import { MfaCodeChecker } from './mfa-code-checker.service.js';
import { MfaEnrolmentService } from './mfa-enrolment.service.js';
import { MfaLoginService } from './mfa-login.service.js';
import { MfaController } from './mfa.controller.js';
import { PasskeyEnrolmentService } from './passkey-enrolment.service.js';
import { PasskeyLoginService } from './passkey-login.service.js';
import { PasskeysController } from './passkeys.controller.js';
import { MfaModule } from './mfa.module.js';

/**
 * MFA as users meet it: the second login step, enrolment, step-up, passkeys (also for
 * passwordless sign-in) and the routes for them.
 * {@link MfaModule} keeps the factors themselves, for the CLI and the access guards too.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([MfaChallenge]),
    MfaModule,
    UsersModule,
    SessionsModule,
    CredentialsModule,
    LockoutModule,
    WebAuthnModule,
  ],
  controllers: [MfaController, PasskeysController],
  providers: [
    MfaChallengesRepository,
    MfaCodeChecker,
    MfaEnrolmentService,
    MfaLoginService,
    PasskeyEnrolmentService,
    PasskeyLoginService,
    FailedAttempts,
  ],
  exports: [MfaChallengesRepository, MfaLoginService],
})
export class MfaAuthenticationModule {}
