import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../../platform/database/postgres-errors.js';
import { PasskeyAlreadyRegisteredError } from './webauthn.errors.js';
import { Passkey } from './passkey.entity.js';

export type NewPasskey = Pick<
  Passkey,
  'userId' | 'credentialId' | 'publicKey' | 'signCount' | 'transports' | 'backedUp' | 'name'
>;

@Injectable()
export class PasskeysRepository {
  constructor(@InjectRepository(Passkey) private readonly passkeys: Repository<Passkey>) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.passkeys.manager.transaction(work);
  }

  /** @throws PasskeyAlreadyRegisteredError when the credential id is taken */
  async add(passkey: NewPasskey): Promise<Passkey> {
    const row = Object.assign(new Passkey(), passkey, { lastUsedAt: null });
    try {
      return await this.passkeys.save(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new PasskeyAlreadyRegisteredError();
      }
      throw error;
    }
  }

  listFor(userId: string): Promise<Passkey[]> {
    return this.passkeys.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  findByCredentialId(credentialId: string): Promise<Passkey | null> {
    return this.passkeys.findOne({ where: { credentialId } });
  }

  /** Which of `userIds` have a passkey, in one query. */
  async usersAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) {
      return new Set();
    }
    const rows = await this.passkeys.find({
      select: { userId: true },
      where: { userId: In([...userIds]) },
    });
    return new Set(rows.map((row) => row.userId));
  }

  /** True when the passkey exists and is the user's. */
  async rename(userId: string, id: string, name: string): Promise<boolean> {
    return (await this.passkeys.update({ id, userId }, { name })).affected === 1;
  }

  async belongsToAnother(userId: string, id: string): Promise<boolean> {
    const passkey = await this.passkeys.findOne({ select: { userId: true }, where: { id } });
    return passkey !== null && passkey.userId !== userId;
  }

  /** The user's passkeys, locked until the transaction ends: deletions of two cannot both pass. */
  lockFor(manager: EntityManager, userId: string): Promise<Passkey[]> {
    return manager
      .getRepository(Passkey)
      .createQueryBuilder('passkey')
      .setLock('pessimistic_write')
      .where('passkey.user_id = :userId', { userId })
      .getMany();
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.getRepository(Passkey).delete({ id });
  }

  /** @returns how many were deleted */
  async deleteAllOf(userId: string): Promise<number> {
    return (await this.passkeys.delete({ userId })).affected ?? 0;
  }

  /** After a verified assertion: the counter it carried, and what the authenticator said now. */
  async recordUse(id: string, signCount: number, backedUp: boolean): Promise<void> {
    await this.passkeys.update(
      { id },
      { signCount: String(signCount), backedUp, lastUsedAt: () => 'now()' },
    );
  }
}
