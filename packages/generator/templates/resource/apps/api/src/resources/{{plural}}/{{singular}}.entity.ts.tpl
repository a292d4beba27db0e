import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EncryptedColumn } from '../../security/field-encryption/encrypted-column.decorator.js';

/** {{ASingular}} of one user: the name in plaintext (listed and sorted), the details encrypted. */
@Entity('{{table}}')
export class {{Singular}} {
  /** Assigned in the application: the encrypted details are bound to it before insert. */
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'text' })
  name: string;

  @EncryptedColumn()
  details: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
