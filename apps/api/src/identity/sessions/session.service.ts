import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../security/audit/audit.service.js';
import type { SessionsConfig } from './sessions.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { IpBanService } from '../../security/ip-bans/ip-ban.service.js';
import { AccessTokenService } from '../tokens/access-token.service.js';
import { generateOpaqueToken, opaqueTokenHash } from '../../security/opaque-tokens/opaque-token.js';
import type { ActiveSessionEntry, SessionLivenessCache } from './session-liveness.cache.js';
import { Session, type SessionRevocationReason } from './session.entity.js';
import { InvalidRefreshTokenError, SessionNotFoundError } from './sessions.errors.js';
import { SessionsRepository, type SessionSelection } from './sessions.repository.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly sessions: SessionsConfig };

export const SESSION_LIVENESS_CACHE = Symbol('SESSION_LIVENESS_CACHE');

/**
 * How long "session S is active" may be answered from the cache. Revocation deletes the entry at
 * once; the bound only matters if that deletion is lost (a Redis outage in mid-revocation).
 */
const LIVENESS_CACHE_SECONDS = 60;

/** The contract's tokens response. */
export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** How the login that starts a session went with respect to a second factor. */
/** Whose password a login verified, and under which credential version of theirs. */
export interface VerifiedCredential {
  readonly userId: string;
  readonly credentialVersion: number;
}

export interface SessionMfaState {
  /** A second factor was proved in this login. */
  readonly verified: boolean;
  /** When it was proved, if not now (a re-authenticated session keeps its predecessor's). */
  readonly verifiedAt?: Date | null;
  /** The user's role requires MFA and none is enrolled: the session may only enrol. */
  readonly enrolmentRequired: boolean;
}

/** Where a session is used from, as shown in the user's session list. */
export interface ClientInfo {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

type RotationOutcome =
  | { readonly kind: 'rotated'; readonly session: Session; readonly refreshToken: string }
  | { readonly kind: 'reused' | 'ended'; readonly session: Session; readonly revoked: string[] }
  | { readonly kind: 'unknown' };

/**
 * Sessions and their tokens: login starts one, refresh rotates its refresh token (a rotated token
 * presented again revokes the whole session), revocation ends its access tokens at once because
 * every request checks that the token's session is still live.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly accessTokens: AccessTokenService,
    private readonly audit: AuditService,
    @Inject(SESSION_LIVENESS_CACHE) private readonly liveness: SessionLivenessCache,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    private readonly ipBans: IpBanService,
  ) {}

  /**
   * @throws CredentialChangedError when the password changed since the login verified it
   * @throws AccountLockedError when an administrator has locked the account
   */
  async start(
    { userId, credentialVersion }: VerifiedCredential,
    client: ClientInfo,
    mfa: SessionMfaState,
  ): Promise<SessionTokens & { sessionId: string }> {
    const now = new Date();
    const session = Object.assign(new Session(), {
      userId,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessions.absoluteLifetimeSeconds * 1000),
      mfaVerifiedAt: mfa.verified ? (mfa.verifiedAt ?? now) : null,
      mfaEnrolmentRequired: mfa.enrolmentRequired,
      ...client,
    });
    const refreshToken = generateOpaqueToken('refresh');
    const { maxPerUser, idleTimeoutSeconds } = this.config.sessions;
    const ended = await this.sessions.create(session, refreshToken.hash, {
      credentialVersion,
      maxPerUser,
      idleCutoff: new Date(now.getTime() - idleTimeoutSeconds * 1000),
    });
    if (ended.length > 0) {
      await this.forget(ended);
      await this.audit.record({
        event: 'session_revoked',
        outcome: 'success',
        actor: userId,
        target: `user:${userId}`,
        metadata: { reason: 'session_limit', sessions: ended.length },
      });
    }
    return { sessionId: session.id, ...this.tokensFor(session, refreshToken.value) };
  }

  /** @throws InvalidRefreshTokenError for every refusal, after revoking what must be revoked. */
  async refresh(presented: string, client: ClientInfo): Promise<SessionTokens> {
    const hash = opaqueTokenHash('refresh', presented);
    if (hash === undefined) {
      throw new InvalidRefreshTokenError('malformed refresh token');
    }
    const outcome = await this.sessions.manager.transaction((manager) =>
      this.rotate(manager, hash, client),
    );
    switch (outcome.kind) {
      case 'rotated':
        return this.tokensFor(outcome.session, outcome.refreshToken);
      case 'reused':
        await this.forget(outcome.revoked);
        await this.audit.record({
          event: 'authn_token_reuse',
          outcome: 'failure',
          actor: outcome.session.userId,
          target: `session:${outcome.session.id}`,
          metadata: { revoked: outcome.revoked.length },
        });
        await this.ipBans.recordFailure({ userId: outcome.session.userId });
        throw new InvalidRefreshTokenError('rotated refresh token presented again');
      case 'ended':
        await this.forget(outcome.revoked);
        throw new InvalidRefreshTokenError('refresh token of an ended session');
      case 'unknown':
        throw new InvalidRefreshTokenError('unknown refresh token');
    }
  }

  /**
   * What a request may rely on about a live session (its user, its MFA state), or undefined once
   * it is revoked or expired. Answered from the cache when possible; a miss reads the database
   * twice (see below) so that a revocation racing with the fill never leaves a stale entry behind.
   */
  async activeSession(sessionId: string): Promise<ActiveSessionEntry | undefined> {
    const cached = await this.liveness.get(sessionId);
    if (cached !== undefined) {
      return cached;
    }
    const entry = await this.sessions.findPrincipal(sessionId, new Date());
    if (entry === null) {
      return undefined;
    }
    const secondsLeft = Math.floor((entry.expiresAt - Date.now()) / 1000);
    const ttl = Math.min(LIVENESS_CACHE_SECONDS, secondsLeft);
    if (ttl >= 1) {
      await this.liveness.set(sessionId, entry, ttl);
      // A revocation or change that committed before this read is seen here; one that commits
      // after it deletes the entry just set. Either way no stale entry survives.
      const current = (await this.sessions.findPrincipal(sessionId, new Date())) ?? undefined;
      if (!sameEntry(entry, current)) {
        await this.liveness.delete([sessionId]);
        return current;
      }
    }
    return entry;
  }

  /**
   * A new session for a caller who just proved a factor again, replacing theirs: new tokens, and
   * the old access and refresh tokens stop working (ASVS 7.2.4).
   * @param secondFactor proved now; otherwise the new session keeps the old one's MFA state
   */
  async replace(
    caller: ActiveSessionEntry & { readonly sessionId: string },
    credential: VerifiedCredential,
    client: ClientInfo,
    secondFactor: boolean,
  ): Promise<SessionTokens & { sessionId: string }> {
    const previous = caller.mfaVerifiedAt === null ? null : new Date(caller.mfaVerifiedAt);
    const started = await this.start(credential, client, {
      verified: secondFactor || previous !== null,
      verifiedAt: secondFactor ? null : previous,
      enrolmentRequired: caller.mfaEnrolmentRequired && !secondFactor,
    });
    await this.revoke({ userId: caller.userId, sessionId: caller.sessionId }, 'reauthenticated');
    return started;
  }

  /**
   * Revokes one of the user's own sessions. Another user's id is missing (404) as an unknown one;
   * the attempt is audited as malicious_direct_reference (ASVS 16.3.3).
   * @throws SessionNotFoundError
   */
  async revokeOwn(userId: string, sessionId: string): Promise<void> {
    const revoked = await this.revoke({ userId, sessionId }, 'revoked_by_user');
    if (revoked.length > 0) {
      return;
    }
    if (await this.sessions.belongsToAnother(userId, sessionId)) {
      await this.audit.record({
        event: 'malicious_direct_reference',
        outcome: 'failure',
        target: `session:${sessionId}`,
      });
    }
    throw new SessionNotFoundError();
  }

  /** Records a second factor proved now in this session (login step-up, enrolment). */
  async markMfaVerified(sessionId: string): Promise<void> {
    await this.sessions.markMfaVerified(sessionId);
    await this.forget([sessionId]);
  }

  listLive(userId: string): Promise<Session[]> {
    const now = new Date();
    const idleCutoff = new Date(now.getTime() - this.config.sessions.idleTimeoutSeconds * 1000);
    return this.sessions.listLive(userId, now, idleCutoff);
  }

  /**
   * Revokes the selected sessions, optionally in one transaction with other writes (a password
   * change), then evicts them from the liveness cache: their access tokens stop working now.
   * @returns the ids revoked (empty when none matched, e.g. another user's session id).
   */
  async revoke(
    selection: SessionSelection,
    reason: SessionRevocationReason,
    together?: (manager: EntityManager) => Promise<void>,
  ): Promise<string[]> {
    const revoked = await this.sessions.manager.transaction(async (manager) => {
      await together?.(manager);
      return this.sessions.revoke(selection, reason, manager);
    });
    await this.forget(revoked);
    if (revoked.length > 0) {
      await this.audit.record({
        event: 'session_revoked',
        outcome: 'success',
        target: `user:${selection.userId}`,
        metadata: { reason, sessions: revoked.length },
      });
    }
    return revoked;
  }

  private async rotate(
    manager: EntityManager,
    hash: string,
    client: ClientInfo,
  ): Promise<RotationOutcome> {
    const found = await this.sessions.lockForRotation(manager, hash);
    if (found === undefined) {
      return { kind: 'unknown' };
    }
    const { token, session } = found;
    if (session.revokedAt !== null) {
      return { kind: 'ended', session, revoked: [] };
    }
    const selection = { userId: session.userId, sessionId: session.id };
    if (token.rotatedAt !== null) {
      const revoked = await this.sessions.revoke(selection, 'refresh_token_reuse', manager);
      return { kind: 'reused', session, revoked };
    }
    const now = new Date();
    const idleSince = now.getTime() - session.lastUsedAt.getTime();
    if (session.expiresAt <= now || idleSince > this.config.sessions.idleTimeoutSeconds * 1000) {
      const reason = session.expiresAt <= now ? 'expired' : 'idle_timeout';
      const revoked = await this.sessions.revoke(selection, reason, manager);
      return { kind: 'ended', session, revoked };
    }
    const next = generateOpaqueToken('refresh');
    await this.sessions.rotate(manager, token, { hash: next.hash, now, ...client });
    return { kind: 'rotated', session, refreshToken: next.value };
  }

  private tokensFor(session: Session, refreshToken: string): SessionTokens {
    const access = this.accessTokens.issue({ userId: session.userId, sessionId: session.id });
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    };
  }

  private async forget(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) {
      await this.liveness.delete(sessionIds);
    }
  }
}

function sameEntry(a: ActiveSessionEntry, b: ActiveSessionEntry | undefined): boolean {
  return (
    b !== undefined &&
    a.userId === b.userId &&
    a.authenticatedAt === b.authenticatedAt &&
    a.mfaVerifiedAt === b.mfaVerifiedAt &&
    a.mfaEnrolmentRequired === b.mfaEnrolmentRequired &&
    a.expiresAt === b.expiresAt &&
    a.mfaEnabled === b.mfaEnabled &&
    a.roles.join(' ') === b.roles.join(' ') &&
    a.permissions.join(' ') === b.permissions.join(' ')
  );
}
