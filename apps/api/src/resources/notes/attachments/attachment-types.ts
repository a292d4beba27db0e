import { Transform, type TransformCallback } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { FileTypeNotAllowedError } from './attachments.errors.js';

/**
 * What may be attached, by the content's magic bytes. Plain text is not here: it has no magic
 * bytes, so admitting it would admit HTML, SVG or script under any name.
 */
export const ALLOWED_MEDIA_TYPES = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
} as const satisfies Record<string, readonly string[]>;

export type AllowedMediaType = keyof typeof ALLOWED_MEDIA_TYPES;

const isAllowed = (mime: string): mime is AllowedMediaType =>
  Object.hasOwn(ALLOWED_MEDIA_TYPES, mime);

// file-type's own figure: enough of the start of a file to recognise every format it knows.
const SNIFF_BYTES = 4100;

/**
 * Passes the content through once its first bytes name an allowed type, and fails with
 * {@link FileTypeNotAllowedError} otherwise; `mediaType` then holds the type.
 */
export class MediaTypeSniffer extends Transform {
  mediaType: AllowedMediaType | undefined;
  /** Bytes seen so far. */
  bytes = 0;
  private head: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.mediaType !== undefined) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      callback();
      return;
    }
    this.decide(callback);
  }

  override _flush(callback: TransformCallback): void {
    if (this.mediaType === undefined) {
      this.decide(callback);
    } else {
      callback();
    }
  }

  private decide(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    fileTypeFromBuffer(head).then(
      (detected) => {
        if (detected === undefined || !isAllowed(detected.mime)) {
          callback(new FileTypeNotAllowedError());
          return;
        }
        this.mediaType = detected.mime;
        callback(null, head);
      },
      () => {
        callback(new FileTypeNotAllowedError());
      },
    );
  }
}

const MAX_NAME_LENGTH = 200;
// Controls, bidi overrides and isolates (which can make "gpj.exe" read as "exe.jpg"), and the
// characters file systems or header parsers treat specially.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029"*:<>?\\/|]/gu;

/**
 * A name safe to display and to send in Content-Disposition: the last path segment, NFC, without
 * control, format or reserved characters, bounded, and ending in an extension of `mediaType`
 * (so a saved file never opens as another type than the one its content was checked as).
 */
export function displayNameFor(clientName: string, mediaType: AllowedMediaType): string {
  const segment = clientName.split(/[/\\]/).at(-1) ?? '';
  const cleaned = segment.normalize('NFC').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  // Cut in UTF-16 units, never through a surrogate pair.
  const base =
    cleaned
      .replace(/^\.+/, '')
      .slice(0, MAX_NAME_LENGTH)
      .replace(/[\uD800-\uDBFF]$/, '') || 'attachment';
  const extensions: readonly string[] = ALLOWED_MEDIA_TYPES[mediaType];
  const extension = base.includes('.') ? (base.split('.').at(-1) ?? '').toLowerCase() : '';
  return extensions.includes(extension) ? base : `${base}.${extensions[0]}`;
}
