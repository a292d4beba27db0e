import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OwnershipModule } from '../../access/ownership/ownership.module.js';
import { systemClock } from '../../platform/clock/clock.js';
import { Attachment } from './attachments/attachment.entity.js';
import { AttachmentFiles } from './attachments/attachment-files.js';
import { AttachmentRescanScheduler } from './attachments/attachment-rescan.scheduler.js';
import { AttachmentScanner } from './attachments/attachment-scanner.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AttachmentsRepository } from './attachments/attachments.repository.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { DOWNLOAD_LINKS_CLOCK, DownloadLinks } from './attachments/download-links.js';
import { Note } from './note.entity.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

@Module({
  imports: [OwnershipModule.forResource('note', Note), TypeOrmModule.forFeature([Attachment])],
  controllers: [NotesController, AttachmentsController],
  providers: [
    NotesService,
    AttachmentsService,
    AttachmentsRepository,
    AttachmentFiles,
    AttachmentScanner,
    AttachmentRescanScheduler,
    DownloadLinks,
    { provide: DOWNLOAD_LINKS_CLOCK, useValue: systemClock },
  ],
})
export class NotesModule {
  static readonly entities = [Note, Attachment];
}
