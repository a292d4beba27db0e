import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { MfaModule } from '../identity/mfa/mfa.module.js';
import { SessionsModule } from '../identity/sessions/sessions.module.js';
import { TokensModule } from '../identity/tokens/tokens.module.js';
import { AccessTokenGuard } from './authentication/access-token.guard.js';
import { AuthorizationGuard } from './authorization/authorization.guard.js';
import { RouteDeclarationCheck } from './route-declaration.check.js';

/**
 * Authentication then authorization for every route (default deny; @Public() routes are the
 * exceptions), and the boot-time check that every route declares how it is authorized.
 */
@Module({
  imports: [DiscoveryModule, TokensModule, SessionsModule, MfaModule],
  providers: [
    RouteDeclarationCheck,
    // Global guards run in the order they are provided: authentication, then authorization.
    { provide: APP_GUARD, useClass: AccessTokenGuard },
    { provide: APP_GUARD, useClass: AuthorizationGuard },
  ],
})
export class AuthModule {}
