import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../../platform/redis/redis.tokens.js';
import { MemoryWebAuthnChallengeStore } from './memory-webauthn-challenge.store.js';
import { Passkey } from './passkey.entity.js';
import { PasskeysRepository } from './passkeys.repository.js';
import { RedisWebAuthnChallengeStore } from './redis-webauthn-challenge.store.js';
import { WEBAUTHN_CHALLENGE_STORE, WebAuthnService } from './webauthn.service.js';

/**
 * The WebAuthn relying party and the passkeys it registered. Challenges are shared through Redis
 * when it is configured (the answer may reach another instance), else kept in this process.
 * MFA builds on it: a passkey is one more second factor (src/identity/mfa/).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Passkey])],
  providers: [
    PasskeysRepository,
    WebAuthnService,
    {
      provide: WEBAUTHN_CHALLENGE_STORE,
      inject: [REDIS_CLIENT],
      useFactory: (redis: Redis | null) =>
        redis === null
          ? new MemoryWebAuthnChallengeStore()
          : new RedisWebAuthnChallengeStore(redis),
    },
  ],
  exports: [PasskeysRepository, WebAuthnService],
})
export class WebAuthnModule {}
