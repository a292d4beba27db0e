import { Module } from '@nestjs/common';
import { OwnershipModule } from '../../access/ownership/ownership.module.js';
import { systemClock } from '../../platform/clock/clock.js';
import { Attachment } from './attachments/attachment.entity.js';
import { AttachmentMaintenanceModule } from './attachments/attachment-maintenance.module.js';
import { AttachmentRescanScheduler } from './attachments/attachment-rescan.scheduler.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AttachmentsService } from './attachments/attachments.service.js';
import { DOWNLOAD_LINKS_CLOCK, DownloadLinks } from './attachments/download-links.js';
import { Note } from './note.entity.js';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

@Module({
  imports: [
    OwnershipModule.forResource('note', Note),
    // Attachments belong to the note's owner: the same routes reach them, with the same Owner.
    OwnershipModule.forResource('note', Attachment),
    AttachmentMaintenanceModule,
  ],
  controllers: [NotesController, AttachmentsController],
  providers: [
    NotesService,
    AttachmentsService,
    AttachmentRescanScheduler,
    DownloadLinks,
    { provide: DOWNLOAD_LINKS_CLOCK, useValue: systemClock },
  ],
})
export class NotesModule {
  static readonly entities = [Note, Attachment];
}
