import { normalizeEmail } from '@bulwark/field-encryption';
import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EncryptedColumn } from '../../security/field-encryption/encrypted-column.decorator.js';
import { UserRole } from './user-role.entity.js';

@Entity('users')
export class User {
  /** Assigned in the application so that encrypted columns can be bound to it before insert. */
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  /** No plaintext e-mail column exists: lookups go through `emailBlindIndex`. */
  @EncryptedColumn({ blindIndex: { property: 'emailBlindIndex', normalize: normalizeEmail } })
  email: string;

  @Column({ type: 'text' })
  emailBlindIndex: string;

  /** An argon2id PHC string; never serialised (responses go through explicit DTOs). */
  @Column({ type: 'text' })
  passwordHash: string;

  /** Bumped by every password change or reset; a session starts only under the current one. */
  @Column({ type: 'integer', default: 0 })
  credentialVersion: number;

  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  /** Set by an administrator: no session can start, and locking revoked the live ones. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @OneToMany(() => UserRole, (role) => role.user)
  roles: UserRole[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
