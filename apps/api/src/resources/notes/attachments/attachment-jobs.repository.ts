import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, type Repository } from 'typeorm';
import { Attachment } from './attachment.entity.js';

/**
 * Attachment rows for work that acts for no user: the malware scan and rescan, the orphan sweep.
 * Never injected where a route serves a caller (those go through the note owner's
 * OwnedRepository); dependency-cruiser allows TypeORM here for that reason alone.
 */
@Injectable()
export class AttachmentJobsRepository {
  constructor(@InjectRepository(Attachment) private readonly rows: Repository<Attachment>) {}

  findById(id: string): Promise<Attachment | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** False when it was not pending any more: deleted, or settled by another instance's scan. */
  async markClean(id: string): Promise<boolean> {
    const result = await this.rows.update(
      { id, status: 'pending' },
      { status: 'clean', scannedAt: new Date() },
    );
    return result.affected === 1;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.rows.delete({ id })).affected === 1;
  }

  async pendingIds(createdBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.rows.find({
      select: { id: true },
      where: { status: 'pending', createdAt: LessThan(createdBefore) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** Which of `keys` a row still names. */
  async knownKeys(keys: readonly string[]): Promise<Set<string>> {
    const rows = await this.rows.find({
      select: { storageKey: true },
      where: { storageKey: In([...keys]) },
    });
    return new Set(rows.map((row) => row.storageKey));
  }
}
