import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MfaModule } from '../mfa/mfa.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenStrategy } from './access-token.strategy.js';

/** Authentication for every route (default deny); @Public() routes are the exceptions. */
@Module({
  imports: [TokensModule, SessionsModule, MfaModule],
  providers: [AccessTokenStrategy, { provide: APP_GUARD, useClass: AccessTokenGuard }],
})
export class AuthModule {}
