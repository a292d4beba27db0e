import { ApiProperty } from '@nestjs/swagger';
import type { Attachment, StoredStatus } from '../attachment.entity.js';
import { ALLOWED_MEDIA_TYPES, type AllowedMediaType } from '../attachment-types.js';

/** An attachment as its owner sees it; the storage key and data key stay on the server. */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' })
  readonly id: string;

  @ApiProperty({ format: 'uuid' })
  readonly noteId: string;

  @ApiProperty({
    maxLength: 255,
    description: "The uploader's file name, sanitised, ending in an extension of its type.",
  })
  readonly name: string;

  @ApiProperty({
    enum: Object.keys(ALLOWED_MEDIA_TYPES),
    description: 'Decided from the content, not from the name or the Content-Type sent.',
  })
  readonly mediaType: AllowedMediaType;

  @ApiProperty({ minimum: 1, description: 'Bytes.' })
  readonly size: number;

  @ApiProperty({
    enum: ['pending', 'clean'],
    description:
      'pending: not scanned yet (the scanner was unavailable), not downloadable; clean: downloadable. A file found infected is deleted.',
  })
  readonly status: StoredStatus;

  @ApiProperty({ format: 'date-time' })
  readonly createdAt: string;

  constructor(attachment: Attachment) {
    this.id = attachment.id;
    this.noteId = attachment.noteId;
    this.name = attachment.displayName;
    this.mediaType = attachment.mediaType;
    this.size = attachment.sizeBytes;
    this.status = attachment.status;
    this.createdAt = attachment.createdAt.toISOString();
  }
}

export class AttachmentListDto {
  @ApiProperty({
    type: [AttachmentDto],
    description: 'Oldest first; at most ATTACHMENT_MAX_PER_NOTE.',
  })
  readonly items: AttachmentDto[];

  constructor(attachments: readonly Attachment[]) {
    this.items = attachments.map((attachment) => new AttachmentDto(attachment));
  }
}
