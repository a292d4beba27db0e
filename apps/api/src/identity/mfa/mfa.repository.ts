import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Not, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../../platform/database/postgres-errors.js';
import { MfaRecoveryCode } from './mfa-recovery-code.entity.js';
import { MfaTotp } from './mfa-totp.entity.js';

/**
 * MFA state. The database is the single source of truth for "which time step was last used" and
 * "which code is spent": each is decided by one conditional UPDATE, atomic under concurrency and
 * across API instances, so no Redis or in-process lock is needed. Methods that take an
 * `EntityManager` join the caller's {@link transaction}.
 */
@Injectable()
export class MfaRepository {
  constructor(
    @InjectRepository(MfaTotp) private readonly totp: Repository<MfaTotp>,
    @InjectRepository(MfaRecoveryCode) private readonly recoveryCodes: Repository<MfaRecoveryCode>,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.totp.manager.transaction(work);
  }

  /** Stores a pending secret, replacing a pending one; false, changing nothing, when MFA is enabled. */
  async storePendingSecret(userId: string, secret: Uint8Array): Promise<boolean> {
    try {
      return await this.tryStorePendingSecret(userId, secret);
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      // Another first setup inserted the row after our lock found none: now there is one to lock.
      return this.tryStorePendingSecret(userId, secret);
    }
  }

  findPending(userId: string): Promise<MfaTotp | null> {
    return this.totp.findOne({ where: { userId, confirmedAt: IsNull() } });
  }

  findEnabled(userId: string): Promise<MfaTotp | null> {
    return this.totp.findOne({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  /**
   * Whether the user has a confirmed TOTP secret and whether a passkey, in one statement: every
   * login asks. The passkeys table is read here, not through its repository, to spare a round trip.
   */
  async factorsOf(userId: string): Promise<{ totp: boolean; passkey: boolean }> {
    const rows: { totp: boolean; passkey: boolean }[] = await this.totp.query(
      `SELECT EXISTS (SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
              EXISTS (SELECT 1 FROM passkeys WHERE user_id = $1) AS passkey`,
      [userId],
    );
    const [{ totp, passkey }] = rows as [{ totp: boolean; passkey: boolean }];
    return { totp, passkey };
  }

  isEnabled(userId: string): Promise<boolean> {
    return this.totp.exists({ where: { userId, confirmedAt: Not(IsNull()) } });
  }

  /** Which of `userIds` have MFA enabled, in one query. */
  async enabledAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) {
      return new Set();
    }
    const rows = await this.totp.find({
      select: { userId: true },
      where: { userId: In([...userIds]), confirmedAt: Not(IsNull()) },
    });
    return new Set(rows.map((row) => row.userId));
  }

  /** The user's TOTP row, pending or confirmed, locked until the transaction ends. */
  lockTotp(manager: EntityManager, userId: string): Promise<MfaTotp | null> {
    return manager
      .getRepository(MfaTotp)
      .createQueryBuilder('totp')
      .setLock('pessimistic_write')
      .where('totp.user_id = :userId', { userId })
      .getOne();
  }

  /** Confirms the pending secret with the time step of the code that confirmed it. */
  async markConfirmed(manager: EntityManager, userId: string, step: number): Promise<void> {
    await manager
      .getRepository(MfaTotp)
      .update(
        { userId, confirmedAt: IsNull() },
        { confirmedAt: () => 'now()', lastUsedStep: String(step) },
      );
  }

  /**
   * Records `step` as used if it is later than the last one (RFC 6238 §5.2), in one statement: a
   * code of that step or an earlier one is refused, and of two requests with one code one wins.
   */
  async acceptStep(userId: string, step: number): Promise<boolean> {
    const result = await this.totp
      .createQueryBuilder()
      .update()
      .set({ lastUsedStep: String(step) })
      .where('user_id = :userId AND confirmed_at IS NOT NULL', { userId })
      .andWhere('(last_used_step IS NULL OR last_used_step < :step)', { step })
      .execute();
    return result.affected === 1;
  }

  async replaceRecoveryCodes(
    manager: EntityManager,
    userId: string,
    codeHashes: readonly string[],
  ): Promise<void> {
    const repository = manager.getRepository(MfaRecoveryCode);
    await repository.delete({ userId });
    await repository.insert(codeHashes.map((codeHash) => repository.create({ userId, codeHash })));
  }

  findUnusedRecoveryCodes(userId: string): Promise<MfaRecoveryCode[]> {
    return this.recoveryCodes.find({ where: { userId, usedAt: IsNull() } });
  }

  /** Marks the code used if it still was unused, in one statement: of two racing uses, one wins. */
  async markRecoveryCodeUsed(id: string): Promise<boolean> {
    const result = await this.recoveryCodes
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL', { id })
      .execute();
    return result.affected === 1;
  }

  countUnusedRecoveryCodes(userId: string): Promise<number> {
    return this.recoveryCodes.count({ where: { userId, usedAt: IsNull() } });
  }

  /** Deletes the secret and every recovery code; true when the secret was confirmed. */
  deleteAll(userId: string): Promise<boolean> {
    return this.transaction(async (manager) => {
      // The secret first: this waits for a regeneration holding its lock, whose codes then go too.
      const deleted = await manager
        .getRepository(MfaTotp)
        .createQueryBuilder()
        .delete()
        .where('user_id = :userId', { userId })
        .returning('confirmed_at')
        .execute();
      await manager.getRepository(MfaRecoveryCode).delete({ userId });
      const [row] = deleted.raw as { confirmed_at: Date | null }[];
      return row !== undefined && row.confirmed_at !== null;
    });
  }

  private tryStorePendingSecret(userId: string, secret: Uint8Array): Promise<boolean> {
    return this.transaction(async (manager) => {
      const current = await this.lockTotp(manager, userId);
      if (current !== null && current.confirmedAt !== null) {
        return false;
      }
      const pending = Object.assign(new MfaTotp(), {
        userId,
        secret,
        confirmedAt: null,
        lastUsedStep: null,
      });
      await manager.getRepository(MfaTotp).save(pending);
      return true;
    });
  }
}
