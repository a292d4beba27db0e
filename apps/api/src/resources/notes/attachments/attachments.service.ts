import { pipeline, type Readable } from 'node:stream';
import { generateDataKey } from '@bulwark/field-encryption';
import { Inject, Injectable } from '@nestjs/common';
import type { OwnedRepository } from '../../../access/ownership/owned.repository.js';
import { InjectOwnedRepository } from '../../../access/ownership/ownership.module.js';
import type { Owner } from '../../../access/ownership/owner.js';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import type { IncomingFile, Upload } from '../../../platform/http/multipart-upload.js';
import { UploadTooLargeError } from '../../../platform/http/multipart-upload.errors.js';
import { AuditService } from '../../../security/audit/audit.service.js';
import { NotesService } from '../notes.service.js';
import { Attachment } from './attachment.entity.js';
import { AttachmentFiles, newStorageKey } from './attachment-files.js';
import { AttachmentScanner } from './attachment-scanner.js';
import { MediaTypeSniffer, displayNameFor } from './attachment-types.js';
import type { AttachmentsConfig } from './attachments.config.js';
import {
  AttachmentNotFoundError,
  AttachmentNotScannedError,
  AttachmentQuotaExceededError,
  DownloadLinkInvalidError,
  FileTypeNotAllowedError,
  InfectedFileError,
  NoteAttachmentLimitError,
} from './attachments.errors.js';
import { DownloadLinks, type DownloadGrant, type SignedLink } from './download-links.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly attachments: AttachmentsConfig };

/** What the upload stored, before its row exists. */
type StoredFile = Pick<
  Attachment,
  'id' | 'storageKey' | 'dataKey' | 'mediaType' | 'sizeBytes' | 'displayName'
>;

/** A file to send: what the download route streams. */
export interface Download {
  readonly attachment: Attachment;
  readonly content: Readable;
}

/**
 * Files attached to the caller's notes. Every method checks the note is the caller's first (404
 * otherwise, like a missing one); only then is an upload's body read.
 */
@Injectable()
export class AttachmentsService {
  private readonly limits: AttachmentsConfig;

  constructor(
    private readonly notes: NotesService,
    @InjectOwnedRepository(Attachment) private readonly attachments: OwnedRepository<Attachment>,
    private readonly files: AttachmentFiles,
    private readonly scanner: AttachmentScanner,
    private readonly links: DownloadLinks,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: SectionsRead,
  ) {
    this.limits = config.attachments;
  }

  /**
   * Stores the file encrypted, then scans it: clean, or pending when the scanner is down.
   * @throws InfectedFileError (the file is deleted), FileTypeNotAllowedError, the limits' errors.
   */
  async upload(owner: Owner, noteId: string, upload: Upload): Promise<Attachment> {
    await this.notes.get(owner, noteId);
    const room = await this.room(this.attachments, owner, noteId);
    const received = await upload.receive(
      Math.min(this.limits.maxFileBytes, room),
      (file) => this.store(file, room < this.limits.maxFileBytes),
      (stored) => this.files.discard([stored.storageKey]),
    );
    let attachment: Attachment;
    try {
      attachment = await this.attachments.createExclusive(
        owner,
        { ...received, noteId, status: 'pending' },
        async (rows) => {
          if ((await this.room(rows, owner, noteId)) < received.sizeBytes) {
            throw new AttachmentQuotaExceededError(this.limits.quotaBytes);
          }
        },
      );
    } catch (error) {
      // A crash before this line leaves an object without a row: the orphan sweeper's.
      await this.files.discard([received.storageKey]);
      throw error;
    }
    await this.record('upload_stored', attachment, {
      mediaType: attachment.mediaType,
      sizeBytes: attachment.sizeBytes,
    });
    const status = await this.scanner.scan(attachment);
    if (status === 'infected') {
      throw new InfectedFileError();
    }
    attachment.status = status;
    return attachment;
  }

  async list(owner: Owner, noteId: string): Promise<Attachment[]> {
    await this.notes.get(owner, noteId);
    return this.attachments.list(owner, { noteId }, { createdAt: 'ASC', id: 'ASC' });
  }

  async delete(owner: Owner, noteId: string, id: string): Promise<void> {
    const attachment = await this.find(owner, noteId, id);
    if (await this.attachments.delete(owner, attachment.id)) {
      await this.files.discard([attachment.storageKey]);
      await this.record('upload_delete', attachment);
    }
  }

  /** A link for the caller to download a clean file with, for a few minutes. */
  async link(owner: Owner, noteId: string, id: string): Promise<SignedLink> {
    const attachment = await this.find(owner, noteId, id);
    if (attachment.status !== 'clean') {
      throw new AttachmentNotScannedError();
    }
    return this.links.sign(attachment.id, owner.userId);
  }

  /**
   * The file a link names, for its user only. A tampered, expired or foreign link, and one for a
   * file gone or not clean, all get {@link DownloadLinkInvalidError}.
   */
  async download(owner: Owner, grant: DownloadGrant, signature: string): Promise<Download> {
    const attachment = this.links.verify(grant, signature)
      ? await this.attachments.find(owner, grant.attachmentId)
      : null;
    if (attachment?.status !== 'clean') {
      throw new DownloadLinkInvalidError();
    }
    const content = await this.files.read(attachment);
    await this.record('sensitive_read', attachment);
    return { attachment, content };
  }

  /** Streams the file through the type check and encryption into the store. */
  private async store(file: IncomingFile, quotaBound: boolean): Promise<StoredFile> {
    // The id is chosen now: the stored object is bound to it before the row exists.
    const stored = {
      id: new Attachment().id,
      storageKey: newStorageKey(),
      dataKey: generateDataKey(),
    };
    const sniffer = new MediaTypeSniffer();
    try {
      await this.files.write(
        stored,
        pipeline(file.content, sniffer, () => undefined),
      );
    } catch (error) {
      // Past the room left in the quota rather than past the per-file limit: say which.
      throw quotaBound && error instanceof UploadTooLargeError
        ? new AttachmentQuotaExceededError(this.limits.quotaBytes)
        : error;
    }
    if (sniffer.mediaType === undefined) {
      throw new FileTypeNotAllowedError();
    }
    return {
      ...stored,
      mediaType: sniffer.mediaType,
      sizeBytes: sniffer.bytes,
      displayName: displayNameFor(file.filename, sniffer.mediaType),
    };
  }

  /**
   * Bytes the owner may still upload to this note: 0 when the note holds its maximum count.
   * @throws NoteAttachmentLimitError, AttachmentQuotaExceededError when there is no room at all.
   */
  private async room(
    rows: OwnedRepository<Attachment>,
    owner: Owner,
    noteId: string,
  ): Promise<number> {
    if ((await rows.count(owner, { noteId })) >= this.limits.maxPerNote) {
      throw new NoteAttachmentLimitError(this.limits.maxPerNote);
    }
    const room = this.limits.quotaBytes - (await rows.sum(owner, 'sizeBytes'));
    if (room <= 0) {
      throw new AttachmentQuotaExceededError(this.limits.quotaBytes);
    }
    return room;
  }

  private async find(owner: Owner, noteId: string, id: string): Promise<Attachment> {
    await this.notes.get(owner, noteId);
    const attachment = await this.attachments.find(owner, id);
    if (attachment?.noteId !== noteId) {
      throw new AttachmentNotFoundError();
    }
    return attachment;
  }

  private async record(
    event: 'upload_stored' | 'upload_delete' | 'sensitive_read',
    attachment: Attachment,
    metadata?: Readonly<Record<string, unknown>>,
  ): Promise<void> {
    await this.audit.record({
      event,
      outcome: 'success',
      target: `attachment:${attachment.id}`,
      metadata: { noteId: attachment.noteId, ...metadata },
    });
  }
}
