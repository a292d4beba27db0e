import type { Redis } from 'ioredis';
import { redisCommand } from '../../platform/redis/redis.client.js';
import type { WebAuthnChallengeStore } from './webauthn-challenge.store.js';

export const REDIS_CHALLENGE_PREFIX = 'bulwark:webauthn-challenge:';

/** Challenges shared by every instance: an answer may reach another instance than the options. */
export class RedisWebAuthnChallengeStore implements WebAuthnChallengeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = REDIS_CHALLENGE_PREFIX,
  ) {}

  async put(binding: string, challenge: string, ttlSeconds: number): Promise<void> {
    await redisCommand(() => this.redis.set(this.prefix + binding, challenge, 'EX', ttlSeconds));
  }

  /** GETDEL (Redis 6.2): of two answers racing for one challenge, one gets it. */
  async take(binding: string): Promise<string | undefined> {
    return (await redisCommand(() => this.redis.getdel(this.prefix + binding))) ?? undefined;
  }
}
