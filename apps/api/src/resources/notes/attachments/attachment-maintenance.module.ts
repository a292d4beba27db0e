import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Attachment } from './attachment.entity.js';
import { AttachmentFiles } from './attachment-files.js';
import { AttachmentScanner } from './attachment-scanner.js';
import { AttachmentJobsRepository } from './attachment-jobs.repository.js';
import { OrphanSweeper } from './orphan-sweeper.js';

/**
 * What the API and the CLI share: the rows, the stored contents, the scan and the sweep. The CLI
 * imports this alone (`attachments:rescan`, `attachments:sweep`), without any route.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Attachment])],
  providers: [AttachmentJobsRepository, AttachmentFiles, AttachmentScanner, OrphanSweeper],
  exports: [AttachmentJobsRepository, AttachmentFiles, AttachmentScanner, OrphanSweeper],
})
export class AttachmentMaintenanceModule {}
