import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** One login: the `sid` of its access tokens, the owner of its refresh tokens. */
@Entity('sessions')
export class Session {
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ type: 'uuid' })
  userId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Last login or refresh: the idle timeout counts from here. */
  @Column({ type: 'timestamptz' })
  lastUsedAt: Date;

  /** The absolute lifetime: no refresh extends it. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: SessionRevocationReason | null;

  /** The last time this session proved a second factor: at login, or a later step-up. */
  @Column({ type: 'timestamptz', nullable: true })
  mfaVerifiedAt: Date | null;

  /** Logged in by a user whose role requires MFA before any enrolment: only enrolment is allowed. */
  @Column({ type: 'boolean', default: false })
  mfaEnrolmentRequired: boolean;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;
}

export type SessionRevocationReason =
  | 'logout'
  | 'logout_all'
  | 'revoked_by_user'
  | 'refresh_token_reuse'
  | 'idle_timeout'
  | 'expired'
  | 'password_change'
  | 'password_reset'
  | 'mfa_reset'
  | 'account_locked'
  | 'session_limit'
  | 'reauthenticated';
