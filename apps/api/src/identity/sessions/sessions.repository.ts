import type { ActiveSessionEntry } from './session-liveness.cache.js';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  IsNull,
  MoreThan,
  MoreThanOrEqual,
  Not,
  type EntityManager,
  type Repository,
} from 'typeorm';
import { RefreshToken } from './refresh-token.entity.js';
import { AccountLockedError, CredentialChangedError } from './sessions.errors.js';
import { Session, type SessionRevocationReason } from './session.entity.js';

/** Which sessions of a user to revoke: one, all, or all but the caller's own. */
export interface SessionSelection {
  readonly userId: string;
  readonly sessionId?: string;
  readonly exceptSessionId?: string;
}

/** Methods that take an `EntityManager` run inside the caller's transaction. */
export const LIVE_SESSIONS_LISTED = 100;

@Injectable()
export class SessionsRepository {
  constructor(@InjectRepository(Session) private readonly sessions: Repository<Session>) {}

  get manager(): EntityManager {
    return this.sessions.manager;
  }

  /**
   * Inserts the session and, beyond `limits.maxPerUser` live sessions of the user, revokes the
   * least recently used ones; returns their ids. The user's row is locked FOR UPDATE: a concurrent
   * account lock or password reset (an UPDATE of that row) either waits for this session to exist,
   * and then revokes it, or commits first and is seen here; two sign-ins of one user are counted
   * one after the other, so neither slips past the limit.
   * @throws AccountLockedError when an administrator has locked the user
   * @throws CredentialChangedError when the password changed after the login verified it
   */
  async create(
    session: Session,
    refreshTokenHash: string,
    limits: {
      readonly credentialVersion: number;
      readonly maxPerUser: number;
      readonly idleCutoff: Date;
    },
  ): Promise<string[]> {
    return this.sessions.manager.transaction(async (manager) => {
      const [owner]: ({ locked_at: Date | null; credential_version: number } | undefined)[] =
        await manager.query(
          'SELECT locked_at, credential_version FROM users WHERE id = $1 FOR UPDATE',
          [session.userId],
        );
      if (owner !== undefined && owner.locked_at !== null) {
        throw new AccountLockedError();
      }
      if (owner?.credential_version !== limits.credentialVersion) {
        throw new CredentialChangedError();
      }
      // TypeORM answers an UPDATE with [returned rows, affected count].
      const [overLimit]: [{ id: string }[], number] = await manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'session_limit'
         WHERE id IN (
           SELECT id FROM sessions
           WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND last_used_at >= $2
           ORDER BY last_used_at DESC, id DESC OFFSET $3)
         RETURNING id`,
        [session.userId, limits.idleCutoff, limits.maxPerUser - 1],
      );
      // The session and its first refresh token in one statement: a login's hot path.
      await manager.query(
        `WITH session AS (
           INSERT INTO sessions (id, user_id, last_used_at, expires_at, mfa_verified_at,
                                 mfa_enrolment_required, ip, user_agent)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           RETURNING id)
         INSERT INTO refresh_tokens (token_hash, session_id) SELECT $9, id FROM session`,
        [
          session.id,
          session.userId,
          session.lastUsedAt,
          session.expiresAt,
          session.mfaVerifiedAt,
          session.mfaEnrolmentRequired,
          session.ip,
          session.userAgent,
          refreshTokenHash,
        ],
      );
      return overLimit.map((row) => row.id);
    });
  }

  /**
   * Who a live session (not revoked, within its absolute lifetime) acts for: the session, its
   * user's roles, what they grant and whether the user has MFA, in one statement.
   */
  async findPrincipal(id: string, now: Date): Promise<ActiveSessionEntry | null> {
    const rows: {
      user_id: string;
      created_at: Date;
      mfa_verified_at: Date | null;
      mfa_enrolment_required: boolean;
      expires_at: Date;
      roles: string[];
      permissions: string[];
      mfa_enabled: boolean;
    }[] = await this.sessions.query(
      `SELECT s.user_id, s.created_at, s.mfa_verified_at, s.mfa_enrolment_required, s.expires_at,
              ARRAY(SELECT ur.role FROM user_roles ur WHERE ur.user_id = s.user_id ORDER BY ur.role) AS roles,
              ARRAY(SELECT DISTINCT rp.permission
                      FROM user_roles ur JOIN role_permissions rp ON rp.role = ur.role
                     WHERE ur.user_id = s.user_id ORDER BY rp.permission) AS permissions,
              (EXISTS (SELECT 1 FROM mfa_totp t WHERE t.user_id = s.user_id AND t.confirmed_at IS NOT NULL)
               OR EXISTS (SELECT 1 FROM passkeys p WHERE p.user_id = s.user_id)) AS mfa_enabled
         FROM sessions s
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > $2`,
      [id, now],
    );
    const [row] = rows;
    return row === undefined
      ? null
      : {
          userId: row.user_id,
          authenticatedAt: row.created_at.getTime(),
          mfaVerifiedAt: row.mfa_verified_at?.getTime() ?? null,
          mfaEnrolmentRequired: row.mfa_enrolment_required,
          expiresAt: row.expires_at.getTime(),
          roles: row.roles,
          permissions: row.permissions,
          mfaEnabled: row.mfa_enabled,
        };
  }

  /** The ids of the user's sessions that are not revoked nor past their absolute lifetime. */
  async liveIdsOf(userId: string, now: Date): Promise<string[]> {
    const rows: { id: string }[] = await this.sessions.query(
      'SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2',
      [userId, now],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Live and used since `idleCutoff` (a session idle for longer can never be refreshed again), the
   * most recently used first, at most LIVE_SESSIONS_LISTED: every list the API returns is capped.
   */
  listLive(userId: string, now: Date, idleCutoff: Date): Promise<Session[]> {
    return this.sessions.find({
      where: {
        userId,
        revokedAt: IsNull(),
        expiresAt: MoreThan(now),
        lastUsedAt: MoreThanOrEqual(idleCutoff),
      },
      order: { lastUsedAt: 'DESC' },
      take: LIVE_SESSIONS_LISTED,
    });
  }

  /**
   * Locks a refresh token and its session until the transaction ends, so that two requests
   * presenting the same token are decided one after the other: one rotates, the other is reuse.
   */
  async lockForRotation(
    manager: EntityManager,
    tokenHash: string,
  ): Promise<{ token: RefreshToken; session: Session } | undefined> {
    const token = await manager
      .getRepository(RefreshToken)
      .createQueryBuilder('token')
      .setLock('pessimistic_write')
      .where('token.token_hash = :tokenHash', { tokenHash })
      .getOne();
    if (token === null) {
      return undefined;
    }
    const session = await manager
      .getRepository(Session)
      .createQueryBuilder('session')
      .setLock('pessimistic_write')
      .where('session.id = :id', { id: token.sessionId })
      .getOneOrFail();
    return { token, session };
  }

  async rotate(
    manager: EntityManager,
    rotated: RefreshToken,
    next: {
      readonly hash: string;
      readonly now: Date;
      readonly ip: string | null;
      readonly userAgent: string | null;
    },
  ): Promise<void> {
    await manager
      .getRepository(RefreshToken)
      .update({ tokenHash: rotated.tokenHash }, { rotatedAt: next.now });
    await this.addRefreshToken(manager, rotated.sessionId, next.hash);
    await manager
      .getRepository(Session)
      .update(
        { id: rotated.sessionId },
        { lastUsedAt: next.now, ip: next.ip, userAgent: next.userAgent },
      );
  }

  /** Whether `id` is a session of someone else: for the audit trail only, never for an answer. */
  belongsToAnother(userId: string, id: string): Promise<boolean> {
    return this.sessions.exists({ where: { id, userId: Not(userId) } });
  }

  async markMfaVerified(id: string): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .update()
      .set({ mfaVerifiedAt: () => 'now()', mfaEnrolmentRequired: false })
      .where('id = :id', { id })
      .execute();
  }

  /** Revokes the selected live sessions; returns the ids it revoked. */
  async revoke(
    selection: SessionSelection,
    reason: SessionRevocationReason,
    manager: EntityManager = this.sessions.manager,
  ): Promise<string[]> {
    const query = manager
      .getRepository(Session)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId: selection.userId });
    if (selection.sessionId !== undefined) {
      query.andWhere('id = :sessionId', { sessionId: selection.sessionId });
    }
    if (selection.exceptSessionId !== undefined) {
      query.andWhere('id <> :exceptSessionId', { exceptSessionId: selection.exceptSessionId });
    }
    const result = await query.returning('id').execute();
    return (result.raw as { id: string }[]).map((row) => row.id);
  }

  private async addRefreshToken(
    manager: EntityManager,
    sessionId: string,
    tokenHash: string,
  ): Promise<void> {
    await manager.query('INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)', [
      tokenHash,
      sessionId,
    ]);
  }
}
