import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { SingleUseTokens } from '../../security/opaque-tokens/single-use-tokens.js';
import { AccountToken, type AccountTokenPurpose } from './account-token.entity.js';

@Injectable()
export class AccountTokensRepository {
  private readonly singleUse: SingleUseTokens<AccountToken>;

  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {
    this.singleUse = new SingleUseTokens(tokens);
  }

  /** Stores a new token and voids the user's earlier unused ones of that purpose: only the last mail works. */
  async replace(token: Omit<AccountToken, 'createdAt' | 'usedAt'>): Promise<void> {
    await this.tokens.manager.transaction(async (manager) => {
      await this.voidUnused(token.userId, token.purpose, manager);
      await manager.getRepository(AccountToken).insert(token);
    });
  }

  /** Marks the user's unused tokens of this purpose as used: links already mailed stop working. */
  voidUnused(userId: string, purpose: AccountTokenPurpose, manager?: EntityManager): Promise<void> {
    return this.singleUse.voidPending(userId, { purpose }, manager);
  }

  /** The user of an unused, unexpired token, without using it. */
  async findUsable(tokenHash: string, purpose: AccountTokenPurpose): Promise<string | undefined> {
    return (await this.singleUse.findUsable(tokenHash, { purpose }))?.userId;
  }

  /** Marks the token used if it still was usable, in one statement: of two racing uses, one wins. */
  consume(
    tokenHash: string,
    purpose: AccountTokenPurpose,
    manager?: EntityManager,
  ): Promise<string | undefined> {
    return this.singleUse.consume(tokenHash, { purpose }, manager);
  }
}
