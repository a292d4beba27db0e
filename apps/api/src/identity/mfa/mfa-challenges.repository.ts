import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { SingleUseTokens } from '../../security/opaque-tokens/single-use-tokens.js';
import type { VerifiedCredential } from '../sessions/session.service.js';
import { MfaChallenge } from './mfa-challenge.entity.js';

@Injectable()
export class MfaChallengesRepository {
  private readonly singleUse: SingleUseTokens<MfaChallenge>;

  constructor(
    @InjectRepository(MfaChallenge) private readonly challenges: Repository<MfaChallenge>,
  ) {
    this.singleUse = new SingleUseTokens(challenges);
  }

  async create(
    tokenHash: string,
    { userId, credentialVersion }: VerifiedCredential,
    expiresAt: Date,
  ): Promise<void> {
    await this.challenges.insert({ tokenHash, userId, credentialVersion, expiresAt });
  }

  /** Whose password an unused, unexpired challenge verified, leaving it usable. */
  async findUsable(tokenHash: string): Promise<VerifiedCredential | undefined> {
    const challenge = await this.singleUse.findUsable(tokenHash);
    return challenge === null
      ? undefined
      : { userId: challenge.userId, credentialVersion: challenge.credentialVersion };
  }

  /** Uses the challenge up in one statement: of two concurrent uses, one wins. */
  async consume(tokenHash: string): Promise<boolean> {
    return (await this.singleUse.consume(tokenHash)) !== undefined;
  }

  /** Voids the user's pending challenges: a password step made with a replaced password. */
  voidForUser(userId: string, manager?: EntityManager): Promise<void> {
    return this.singleUse.voidPending(userId, {}, manager);
  }
}
