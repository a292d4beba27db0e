import { randomBytes } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { createFileDecryptStream, createFileEncryptStream } from '@bulwark/field-encryption';
import { Inject, Injectable } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { FILE_STORE, type FileStore } from '../../../platform/file-store/file-store.js';
import { APP_LOGGER } from '../../../platform/logging/logging.module.js';
import type { Attachment } from './attachment.entity.js';

/** A fresh storage key: 128 random bits, nothing a client chose. */
export function newStorageKey(): string {
  return randomBytes(16).toString('hex');
}

// The stored object is bound to its row: copied under another attachment, it does not decrypt.
const streamContext = (attachmentId: string): string => `attachments:${attachmentId}`;

/** Attachment contents in the file store: encrypted on the way in, decrypted on the way out. */
@Injectable()
export class AttachmentFiles {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
  ) {}

  /** Encrypts `content` with the attachment's data key and stores it under its storage key. */
  async write(
    attachment: Pick<Attachment, 'id' | 'storageKey' | 'dataKey'>,
    content: Readable,
  ): Promise<void> {
    const encrypt = createFileEncryptStream(attachment.dataKey, streamContext(attachment.id));
    await this.store.write(
      attachment.storageKey,
      pipeline(content, encrypt, () => undefined),
    );
  }

  /** The plaintext, authenticated chunk by chunk as it streams. */
  async read(attachment: Attachment): Promise<Readable> {
    const stored = await this.store.read(attachment.storageKey);
    const decrypt = createFileDecryptStream(attachment.dataKey, streamContext(attachment.id));
    return pipeline(stored, decrypt, () => undefined);
  }

  /** Best effort: an object left behind is the orphan sweeper's. */
  async discard(storageKeys: readonly string[]): Promise<void> {
    for (const key of storageKeys) {
      await this.store.delete(key).catch((error: unknown) => {
        this.logger.warn('stored file not deleted; the orphan sweeper will', { error });
      });
    }
  }
}
