import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LockoutModule } from '../../security/lockout/lockout.module.js';
import { MailModule } from '../../platform/mail/mail.module.js';
import { CredentialsModule } from '../credentials/credentials.module.js';
import { MfaAuthenticationModule } from '../mfa/mfa-authentication.module.js';
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
import { NewPasswordService } from './new-password.service.js';
import { PasswordChangeService } from './password-change.service.js';
import { ReauthenticationService } from './reauthentication.service.js';
import { PasswordResetService } from './password-reset.service.js';
import { RegistrationService } from './registration.service.js';

/** Registration, e-mail verification, login, re-authentication, password change and reset. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AccountToken]),
    UsersModule,
    SessionsModule,
    PasswordsModule,
    LockoutModule,
    MailModule,
    MfaModule,
    MfaAuthenticationModule,
    CredentialsModule,
  ],
  controllers: [AccountsController],
  providers: [
    AccountMailService,
    AccountTokenService,
    AccountTokensRepository,
    AccountWorkQueue,
    LoginService,
    NewPasswordService,
    PasswordChangeService,
    ReauthenticationService,
    PasswordResetService,
    RegistrationService,
  ],
})
export class AccountsModule {}
