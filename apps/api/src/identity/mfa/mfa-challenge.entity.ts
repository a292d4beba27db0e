import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The password step of a login with MFA, waiting for the second factor; only its hash is stored. */
@Entity('mfa_challenges')
export class MfaChallenge {
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The user's credential version the password step verified. */
  @Column({ name: 'credential_version', type: 'integer' })
  credentialVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
