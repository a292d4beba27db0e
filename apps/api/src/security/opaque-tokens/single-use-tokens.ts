import {
  Column,
  CreateDateColumn,
  IsNull,
  MoreThan,
  PrimaryColumn,
  type EntityManager,
  type FindOptionsWhere,
  type Repository,
} from 'typeorm';

/**
 * The columns of a token stored by its hash, good once, until it expires: an entity of single-use
 * tokens extends this class and adds what its kind needs.
 */
export abstract class SingleUseTokenRow {
  @PrimaryColumn({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/**
 * The single-use mechanism shared by mailed account tokens and MFA challenges. `scope` narrows
 * every query to one kind of token (an account token's purpose, say).
 */
export class SingleUseTokens<T extends SingleUseTokenRow> {
  constructor(private readonly rows: Repository<T>) {}

  /** The unused, unexpired token, left usable. */
  findUsable(tokenHash: string, scope: FindOptionsWhere<T> = {}): Promise<T | null> {
    return this.rows.findOne({
      where: {
        ...scope,
        tokenHash,
        usedAt: IsNull(),
        expiresAt: MoreThan(new Date()),
      },
    });
  }

  /**
   * Uses the token up if it still was usable, in one statement: of two racing uses, one wins.
   * @returns the user it was issued to; undefined when it was not usable
   */
  async consume(
    tokenHash: string,
    scope: FindOptionsWhere<T> = {},
    manager: EntityManager = this.rows.manager,
  ): Promise<string | undefined> {
    const result = await this.usedUp(manager)
      .where({ ...scope, tokenHash })
      .andWhere('used_at IS NULL AND expires_at > now()')
      .returning('user_id')
      .execute();
    const [row] = result.raw as { user_id: string }[];
    return row?.user_id;
  }

  /** Uses up the user's pending tokens: links already mailed, or challenges already issued, stop working. */
  async voidPending(
    userId: string,
    scope: FindOptionsWhere<T> = {},
    manager: EntityManager = this.rows.manager,
  ): Promise<void> {
    await this.usedUp(manager)
      .where({ ...scope, userId })
      .andWhere('used_at IS NULL')
      .execute();
  }

  /** An UPDATE that marks rows used, in the caller's transaction when given one. */
  private usedUp(manager: EntityManager) {
    return manager
      .getRepository<T>(this.rows.target)
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' } as Parameters<typeof this.rows.update>[1]);
  }
}
