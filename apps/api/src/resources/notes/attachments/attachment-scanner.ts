import { Injectable } from '@nestjs/common';
import { AuditService } from '../../../security/audit/audit.service.js';
import { ScannerUnavailableError } from '../../../security/malware-scan/clamd.client.js';
import { MalwareScanner } from '../../../security/malware-scan/malware-scanner.js';
import type { Attachment, ScanStatus } from './attachment.entity.js';
import { AttachmentFiles } from './attachment-files.js';
import { AttachmentJobsRepository } from './attachment-jobs.repository.js';

/**
 * Scans a stored file and settles its state: clean (downloadable), or infected (row and contents
 * deleted; the audit trail keeps the event).
 * A scanner that is down or errs leaves it pending, so a file is never served unscanned.
 */
@Injectable()
export class AttachmentScanner {
  constructor(
    private readonly scanner: MalwareScanner,
    private readonly files: AttachmentFiles,
    private readonly attachments: AttachmentJobsRepository,
    private readonly audit: AuditService,
  ) {}

  get available(): boolean {
    return this.scanner.configured;
  }

  /** The state the file is in after the attempt. */
  async scan(attachment: Attachment): Promise<ScanStatus> {
    const content = await this.files.read(attachment);
    let verdict;
    try {
      verdict = await this.scanner.scan(content);
    } catch (error) {
      if (error instanceof ScannerUnavailableError) {
        return 'pending';
      }
      throw error;
    } finally {
      // A scanner that never connected never read it: close the file all the same.
      content.destroy();
    }
    const status = verdict.infected ? 'infected' : 'clean';
    if (verdict.infected) {
      await this.attachments.delete(attachment.id);
      await this.files.discard([attachment.storageKey]);
    } else if (!(await this.attachments.markClean(attachment.id))) {
      // Deleted meanwhile, or settled by another instance's scan: nothing to record.
      return (await this.attachments.findById(attachment.id))?.status ?? 'clean';
    }
    await this.audit.record({
      event: 'upload_validation',
      outcome: verdict.infected ? 'failure' : 'success',
      actor: attachment.ownerId,
      target: `attachment:${attachment.id}`,
      metadata: {
        scanner: 'clamav',
        result: status,
        ...(verdict.infected && { signature: verdict.signature }),
      },
    });
    return status;
  }

  /** Scans the files still pending (created before `before`); how many are still pending after. */
  async rescanPending(before: Date, limit: number): Promise<{ scanned: number; pending: number }> {
    let scanned = 0;
    let pending = 0;
    for (const id of await this.attachments.pendingIds(before, limit)) {
      const attachment = await this.attachments.findById(id);
      if (attachment === null) {
        continue;
      }
      scanned += 1;
      if ((await this.scan(attachment)) === 'pending') {
        pending += 1;
      }
    }
    return { scanned, pending };
  }
}
