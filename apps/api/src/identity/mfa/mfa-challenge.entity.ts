import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The password step of a login with MFA, waiting for the second factor; only its hash is stored. */
@Entity('mfa_challenges')
export class MfaChallenge {
  @PrimaryColumn({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** The user's credential version the password step verified. */
  @Column({ type: 'integer' })
  credentialVersion: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
