import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type EntityManager, type Repository } from 'typeorm';
import type { VerifiedCredential } from '../sessions/session.service.js';
import { MfaChallenge } from './mfa-challenge.entity.js';

@Injectable()
export class MfaChallengesRepository {
  constructor(
    @InjectRepository(MfaChallenge) private readonly challenges: Repository<MfaChallenge>,
  ) {}

  async create(
    tokenHash: string,
    { userId, credentialVersion }: VerifiedCredential,
    expiresAt: Date,
  ): Promise<void> {
    await this.challenges.insert({ tokenHash, userId, credentialVersion, expiresAt });
  }

  /** Whose password an unused, unexpired challenge verified, leaving it usable. */
  async findUsable(tokenHash: string): Promise<VerifiedCredential | undefined> {
    const challenge = await this.challenges.findOne({
      where: { tokenHash, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    return challenge === null
      ? undefined
      : { userId: challenge.userId, credentialVersion: challenge.credentialVersion };
  }

  /** Uses the challenge up in one statement: of two concurrent uses, one wins. */
  async consume(tokenHash: string): Promise<boolean> {
    const result = await this.challenges
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND used_at IS NULL AND expires_at > now()', { tokenHash })
      .execute();
    return result.affected === 1;
  }

  /** Voids the user's pending challenges: a password step made with a replaced password. */
  async voidForUser(
    userId: string,
    manager: EntityManager = this.challenges.manager,
  ): Promise<void> {
    await manager
      .getRepository(MfaChallenge)
      .update({ userId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
