import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type AccountTokenPurpose = 'verify_email' | 'reset_password';

/** A single-use token sent by mail; only its SHA-256 is stored. */
@Entity('account_tokens')
export class AccountToken {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  purpose: AccountTokenPurpose;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
