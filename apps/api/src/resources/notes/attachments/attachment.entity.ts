import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EncryptedColumn } from '../../../security/field-encryption/encrypted-column.decorator.js';
import type { AllowedMediaType } from './attachment-types.js';

/** pending: stored, not yet scanned (never served); clean: downloadable. Infected files are deleted. */
export type StoredStatus = 'pending' | 'clean';

/** What a scan leaves a file as. */
export type ScanStatus = StoredStatus | 'infected';

/**
 * A file attached to a note. Its contents sit in the file store under a random key, encrypted
 * with `dataKey`, which is itself an encrypted column: the key ring wraps it, and key rotation
 * re-wraps it like any other encrypted value.
 */
@Entity('attachments')
export class Attachment {
  /** Assigned in the application: the data key and the stored object are bound to it. */
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ type: 'uuid' })
  noteId: string;

  @Column({ type: 'uuid' })
  ownerId: string;

  /** Random, never derived from anything the client sent. */
  @Column({ type: 'text' })
  storageKey: string;

  /** The client's file name, sanitised: for display and Content-Disposition only. */
  @Column({ type: 'text' })
  displayName: string;

  /** Decided from the content's magic bytes, never from the client's name or Content-Type. */
  @Column({ type: 'text' })
  mediaType: AllowedMediaType;

  /** Plaintext size in bytes. */
  @Column({ type: 'integer' })
  sizeBytes: number;

  @EncryptedColumn({ type: 'binary' })
  dataKey: Uint8Array;

  @Column({ type: 'text' })
  status: StoredStatus;

  @Column({ type: 'timestamptz', nullable: true })
  scannedAt: Date | null = null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
