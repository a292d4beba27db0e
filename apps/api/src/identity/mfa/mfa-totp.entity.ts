import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { EncryptedColumn } from '../../security/field-encryption/encrypted-column.decorator.js';

/** A user's TOTP secret: pending until confirmed with a valid code, then the active factor. */
@Entity('mfa_totp')
export class MfaTotp {
  /** One secret per user; the primary key the encrypted secret is bound to. */
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The raw 160-bit key; the user sees it once, base32-encoded, at setup. */
  @EncryptedColumn({ name: 'secret_encrypted', type: 'binary' })
  secret: Uint8Array;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The last accepted RFC 6238 time step; `pg` reads bigint as a string. */
  @Column({ name: 'last_used_step', type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
