import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every refresh token a session was given, current or rotated: a rotated one presented again is
 * the sign of theft (RFC 9700 §4.14.2), which only works if rotated tokens are remembered.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  @PrimaryColumn({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;
}
