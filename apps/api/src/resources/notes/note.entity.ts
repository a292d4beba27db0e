import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EncryptedColumn } from '../../security/field-encryption/encrypted-column.decorator.js';

/** A user's note: the title in plaintext (listed and sorted), the body encrypted. */
@Entity('notes')
export class Note {
  /** Assigned in the application: the encrypted body is bound to it before insert. */
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  title: string;

  @EncryptedColumn()
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
