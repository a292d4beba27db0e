import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** One login: the `sid` of its access tokens, the owner of its refresh tokens. */
@Entity('sessions')
export class Session {
  @PrimaryColumn('uuid')
  id: string = uuidv7();

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Last login or refresh: the idle timeout counts from here. */
  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt: Date;

  /** The absolute lifetime: no refresh extends it. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: SessionRevocationReason | null;

  /** The last time this session proved a second factor: at login, or a later step-up. */
  @Column({ name: 'mfa_verified_at', type: 'timestamptz', nullable: true })
  mfaVerifiedAt: Date | null;

  /** Logged in by a user whose role requires MFA before any enrolment: only enrolment is allowed. */
  @Column({ name: 'mfa_enrolment_required', type: 'boolean', default: false })
  mfaEnrolmentRequired: boolean;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
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
