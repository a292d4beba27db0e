import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { MfaModule } from '../mfa/mfa.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenStrategy } from './access-token.strategy.js';
import { RouteDeclarationCheck } from './route-declaration.check.js';

/**
 * Authentication for every route (default deny; @Public() routes are the exceptions), and the
 * boot-time check that every route declares how it is authorized.
 */
@Module({
  imports: [DiscoveryModule, TokensModule, SessionsModule, MfaModule],
  providers: [
    AccessTokenStrategy,
    RouteDeclarationCheck,
    { provide: APP_GUARD, useClass: AccessTokenGuard },
  ],
})
export class AuthModule {}
