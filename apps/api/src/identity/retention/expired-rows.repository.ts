import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Rows that ended before these instants may go: a session, token or challenge past its use. */
export interface PurgeCutoffs {
  /** Sessions revoked, expired or idle (last used) before it; their refresh tokens go with them. */
  readonly sessionsEndedBefore: Date;
  /** Sessions not used since it can never be refreshed again (the idle timeout has passed). */
  readonly sessionsIdleSince: Date;
  /** Mailed tokens and MFA challenges used or expired before it. */
  readonly tokensEndedBefore: Date;
}

export interface PurgedRows {
  readonly sessions: number;
  readonly accountTokens: number;
  readonly mfaChallenges: number;
}

// Short transactions: a purge never holds many row locks at once, even after a long outage.
const BATCH = 1_000;

/** The only code that deletes expired identity rows (ASVS 14.2.4: kept no longer than needed). */
@Injectable()
export class ExpiredRowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async purge(cutoffs: PurgeCutoffs): Promise<PurgedRows> {
    return {
      sessions: await this.deleteInBatches(
        'sessions',
        'id',
        '(revoked_at < $1 OR expires_at < $1 OR last_used_at < $2)',
        [cutoffs.sessionsEndedBefore, cutoffs.sessionsIdleSince],
      ),
      accountTokens: await this.deleteInBatches(
        'account_tokens',
        'token_hash',
        '(used_at < $1 OR expires_at < $1)',
        [cutoffs.tokensEndedBefore],
      ),
      mfaChallenges: await this.deleteInBatches(
        'mfa_challenges',
        'token_hash',
        '(used_at < $1 OR expires_at < $1)',
        [cutoffs.tokensEndedBefore],
      ),
    };
  }

  /** `table`, `key` and `condition` are constants of this file, never input. */
  private async deleteInBatches(
    table: string,
    key: string,
    condition: string,
    parameters: readonly Date[],
  ): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, affected]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${condition} LIMIT ${BATCH})`,
        [...parameters],
      );
      deleted += affected;
      if (affected < BATCH) {
        return deleted;
      }
    }
  }
}
