import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every refresh token a session was given, current or rotated: a rotated one presented again is
 * the sign of theft (RFC 9700 §4.14.2), which only works if rotated tokens are remembered.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'rotated_at', type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;
}
