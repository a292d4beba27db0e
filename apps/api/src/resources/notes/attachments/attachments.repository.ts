import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, type EntityManager, type Repository } from 'typeorm';
import { Attachment, type ScanStatus } from './attachment.entity.js';

/** How much a user's attachments take, and how many a note has. */
export interface AttachmentUsage {
  readonly userBytes: number;
  readonly noteCount: number;
}

/**
 * The rows of attachments. Methods that answer a caller take the owner's id and put it in the
 * query; the service resolves it from the note, which the owner-scoped note access checked first.
 */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectRepository(Attachment) private readonly rows: Repository<Attachment>) {}

  usage(ownerId: string, noteId: string): Promise<AttachmentUsage> {
    return usageIn(this.rows.manager, ownerId, noteId);
  }

  /**
   * Inserts `attachment` unless `admits` refuses the usage it would join; one user's inserts are
   * serialised (a transaction-scoped advisory lock), so parallel uploads cannot overrun a limit.
   */
  async insertWithin(
    attachment: Attachment,
    admits: (usage: AttachmentUsage) => void,
  ): Promise<Attachment> {
    return this.rows.manager.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `attachments:${attachment.ownerId}`,
      ]);
      admits(await usageIn(manager, attachment.ownerId, attachment.noteId));
      return manager.getRepository(Attachment).save(attachment);
    });
  }

  listOfNote(ownerId: string, noteId: string): Promise<Attachment[]> {
    return this.rows.find({ where: { ownerId, noteId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findOfNote(ownerId: string, noteId: string, id: string): Promise<Attachment | null> {
    return this.rows.findOne({ where: { id, ownerId, noteId } });
  }

  findOwned(ownerId: string, id: string): Promise<Attachment | null> {
    return this.rows.findOne({ where: { id, ownerId } });
  }

  /** For the scanner, which acts for no user. */
  findById(id: string): Promise<Attachment | null> {
    return this.rows.findOne({ where: { id } });
  }

  async storageKeysOfNote(ownerId: string, noteId: string): Promise<string[]> {
    const rows = await this.rows.find({ select: { storageKey: true }, where: { ownerId, noteId } });
    return rows.map((row) => row.storageKey);
  }

  /** False when the row is gone. */
  async delete(id: string): Promise<boolean> {
    return (await this.rows.delete({ id })).affected === 1;
  }

  /** Settles a pending file; false when it was not pending any more (another scan won). */
  async settle(id: string, status: Exclude<ScanStatus, 'pending'>): Promise<boolean> {
    const result = await this.rows.update(
      { id, status: 'pending' },
      { status, scannedAt: new Date() },
    );
    return result.affected === 1;
  }

  pendingIds(createdBefore: Date, limit: number): Promise<string[]> {
    return this.rows
      .find({
        select: { id: true },
        where: { status: 'pending', createdAt: LessThan(createdBefore) },
        order: { createdAt: 'ASC' },
        take: limit,
      })
      .then((rows) => rows.map((row) => row.id));
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

// Infected files' contents are deleted: they take no room, though their rows stay listed.
async function usageIn(
  manager: EntityManager,
  ownerId: string,
  noteId: string,
): Promise<AttachmentUsage> {
  const [result] = await manager.query<{ user_bytes: string; note_count: string }[]>(
    `SELECT coalesce(sum(size_bytes) FILTER (WHERE status <> 'infected'), 0) AS user_bytes,
            count(*) FILTER (WHERE note_id = $2) AS note_count
       FROM attachments WHERE owner_id = $1`,
    [ownerId, noteId],
  );
  return { userBytes: Number(result?.user_bytes ?? 0), noteCount: Number(result?.note_count ?? 0) };
}
