import { appError } from '../../../platform/errors/app-error.js';

/** Also what another user's attachment gets: a 404 tells nothing of whether it exists. */
export class AttachmentNotFoundError extends appError({
  code: 'ATTACHMENTS.NOT_FOUND',
  status: 404,
}) {
  constructor() {
    super('No such attachment on this note of this user');
  }
}

export class FileTypeNotAllowedError extends appError({
  code: 'ATTACHMENTS.TYPE_NOT_ALLOWED',
  status: 415,
  type: 'attachment-type-not-allowed',
  title: 'File type not allowed',
  detail: 'The content is not a PDF, PNG or JPEG file (judged by its bytes, not its name).',
}) {
  constructor() {
    super('The content of the upload is not of an allowed type');
  }
}

export class AttachmentQuotaExceededError extends appError({
  code: 'ATTACHMENTS.QUOTA_EXCEEDED',
  status: 413,
  type: 'attachment-quota-exceeded',
  title: 'Storage quota exceeded',
}) {
  constructor(private readonly quotaBytes: number) {
    super('The upload would take the user past their quota');
  }

  override occurrence() {
    return {
      detail: `Your attachments may take ${this.quotaBytes} bytes in all; delete some first.`,
      extensions: { quotaBytes: this.quotaBytes },
    };
  }
}

export class NoteAttachmentLimitError extends appError({
  code: 'ATTACHMENTS.NOTE_FULL',
  status: 409,
  type: 'note-attachment-limit',
  title: 'Too many attachments',
}) {
  constructor(private readonly limit: number) {
    super('The note has as many attachments as allowed');
  }

  override occurrence() {
    return { detail: `A note holds at most ${this.limit} attachments.` };
  }
}

export class InfectedFileError extends appError({
  code: 'ATTACHMENTS.INFECTED',
  status: 422,
  type: 'attachment-infected',
  title: 'Malware found',
  detail: 'The malware scanner flagged this file; it was not kept.',
}) {
  constructor() {
    super('The malware scanner flagged the upload');
  }
}

export class AttachmentNotScannedError extends appError({
  code: 'ATTACHMENTS.NOT_DOWNLOADABLE',
  status: 409,
  type: 'attachment-not-downloadable',
  title: 'Not downloadable',
  detail:
    'Only files the malware scanner found clean can be downloaded; this one is pending or infected.',
}) {
  constructor() {
    super('The attachment is not clean');
  }
}

/** Tampered, expired, another user's, or for a file gone: one answer for all. */
export class DownloadLinkInvalidError extends appError({
  code: 'ATTACHMENTS.LINK_INVALID',
  status: 404,
  type: 'download-link-invalid',
  title: 'Invalid download link',
  detail: 'The link is invalid, expired, or not yours; ask for a new one.',
}) {
  constructor() {
    super('Download link refused');
  }
}
