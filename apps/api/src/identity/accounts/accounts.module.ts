import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LockoutModule } from '../../security/lockout/lockout.module.js';
import { MailModule } from '../../platform/mail/mail.module.js';
import { MfaModule } from '../mfa/mfa.module.js';
import { PasswordsModule } from '../../security/passwords/passwords.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountMailService } from './account-mail.service.js';
import { AccountToken } from './account-token.entity.js';
import { AccountTokenService } from './account-token.service.js';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { AccountWorkQueue } from './account-work.queue.js';
import { AccountsController } from './accounts.controller.js';
import { LoginService } from './login.service.js';
import { MfaChallenge } from '../mfa/mfa-challenge.entity.js';
import { MfaChallengesRepository } from '../mfa/mfa-challenges.repository.js';
import { MfaCodeChecker } from '../mfa/mfa-code-checker.service.js';
import { MfaEnrolmentService } from '../mfa/mfa-enrolment.service.js';
import { MfaLoginService } from '../mfa/mfa-login.service.js';
import { MfaController } from '../mfa/mfa.controller.js';
import { NewPasswordService } from './new-password.service.js';
import { PasswordAuthenticator } from './password-authenticator.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { ReauthenticationService } from './reauthentication.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RegistrationService } from './registration.service.js';

/** Registration, e-mail verification, login with MFA, MFA enrolment, password change and reset. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AccountToken, MfaChallenge]),
    UsersModule,
    SessionsModule,
    PasswordsModule,
    LockoutModule,
    MailModule,
    MfaModule,
  ],
  controllers: [AccountsController, MfaController],
  providers: [
    AccountMailService,
    AccountTokenService,
    AccountTokensRepository,
    AccountWorkQueue,
    LoginService,
    MfaChallengesRepository,
    MfaCodeChecker,
    MfaEnrolmentService,
    MfaLoginService,
    NewPasswordService,
    PasswordAuthenticator,
    PasswordChangeService,
    ReauthenticationService,
    PasswordResetService,
    RegistrationService,
  ],
})
export class AccountsModule {}
