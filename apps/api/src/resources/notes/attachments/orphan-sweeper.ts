import { Inject, Injectable } from '@nestjs/common';
import { FILE_STORE, type FileStore } from '../../../platform/file-store/file-store.js';
import { AuditService } from '../../../security/audit/audit.service.js';
import { AttachmentJobsRepository } from './attachment-jobs.repository.js';

export interface SweepReport {
  readonly examined: number;
  readonly deleted: number;
}

const BATCH = 500;

/**
 * Deletes stored objects no attachment row names: left by a crash between the store and the
 * database, or by a delete whose store call failed. Objects younger than `graceMs` are left
 * alone, since an upload in progress has its object before its row.
 */
@Injectable()
export class OrphanSweeper {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly attachments: AttachmentJobsRepository,
    private readonly audit: AuditService,
  ) {}

  async sweep(graceMs: number, now = new Date()): Promise<SweepReport> {
    const cutoff = now.getTime() - graceMs;
    let examined = 0;
    let deleted = 0;
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      const known = await this.attachments.knownKeys(batch);
      for (const key of batch.filter((candidate) => !known.has(candidate))) {
        await this.store.delete(key);
        await this.audit.record({
          event: 'upload_delete',
          outcome: 'success',
          actor: 'system',
          target: `file-store:${key}`,
          metadata: { reason: 'orphan' },
        });
        deleted += 1;
      }
      batch = [];
    };
    for await (const object of this.store.list()) {
      examined += 1;
      if (object.modifiedAt.getTime() < cutoff) {
        batch.push(object.key);
      }
      if (batch.length >= BATCH) {
        await flush();
      }
    }
    await flush();
    return { examined, deleted };
  }
}
