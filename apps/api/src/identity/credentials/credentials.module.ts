import { Module } from '@nestjs/common';
import { FailedAttempts } from '../../security/lockout/failed-attempts.service.js';
import { LockoutModule } from '../../security/lockout/lockout.module.js';
import { PasswordsModule } from '../../security/passwords/passwords.module.js';
import { UsersModule } from '../users/users.module.js';
import { PasswordAuthenticator } from './password-authenticator.service.js';

/** Proof of the password, with lockout, audit and IP-ban reports: for login, MFA and re-authentication. */
@Module({
  imports: [UsersModule, PasswordsModule, LockoutModule],
  providers: [PasswordAuthenticator, FailedAttempts],
  exports: [PasswordAuthenticator],
})
export class CredentialsModule {}
