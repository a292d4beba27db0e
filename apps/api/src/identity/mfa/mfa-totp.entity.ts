import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { EncryptedColumn } from '../../security/field-encryption/encrypted-column.decorator.js';

/** A user's TOTP secret: pending until confirmed with a valid code, then the active factor. */
@Entity('mfa_totp')
export class MfaTotp {
  /** One secret per user; the primary key the encrypted secret is bound to. */
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  /** The raw 160-bit key; the user sees it once, base32-encoded, at setup. */
  @EncryptedColumn({ type: 'binary' })
  secret: Uint8Array;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** The last accepted RFC 6238 time step; `pg` reads bigint as a string. */
  @Column({ type: 'bigint', nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
