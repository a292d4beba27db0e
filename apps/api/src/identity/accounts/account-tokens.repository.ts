import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { AccountToken, type AccountTokenPurpose } from './account-token.entity.js';

@Injectable()
export class AccountTokensRepository {
  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {}

  /** Stores a new token and voids the user's earlier unused ones of that purpose: only the last mail works. */
  async replace(token: Omit<AccountToken, 'createdAt' | 'usedAt'>): Promise<void> {
    await this.tokens.manager.transaction(async (manager) => {
      await this.voidUnused(token.userId, token.purpose, manager);
      await manager.getRepository(AccountToken).insert(token);
    });
  }

  /** Marks the user's unused tokens of this purpose as used: links already mailed stop working. */
  async voidUnused(
    userId: string,
    purpose: AccountTokenPurpose,
    manager: EntityManager = this.tokens.manager,
  ): Promise<void> {
    await manager
      .getRepository(AccountToken)
      .update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  /** The user of an unused, unexpired token, without using it. */
  async findUsable(tokenHash: string, purpose: AccountTokenPurpose): Promise<string | undefined> {
    const token = await this.tokens.findOne({
      where: { tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
    return token?.userId;
  }

  /** Marks the token used if it still was usable, in one statement: of two racing uses, one wins. */
  async consume(
    tokenHash: string,
    purpose: AccountTokenPurpose,
    manager: EntityManager = this.tokens.manager,
  ): Promise<string | undefined> {
    const result = await manager
      .getRepository(AccountToken)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND purpose = :purpose', { tokenHash, purpose })
      .andWhere('used_at IS NULL AND expires_at > now()')
      .returning('user_id')
      .execute();
    const [row] = result.raw as { user_id: string }[];
    return row?.user_id;
  }
}
