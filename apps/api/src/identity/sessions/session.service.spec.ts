import type { EntityManager } from 'typeorm';
import { beforeEach, describe, expect, it } from 'vitest';
import { fake, inFakeTransaction, recordingAudit } from '../../../test/support/fakes.js';
import { generateOpaqueToken, opaqueTokenHash } from '../../security/opaque-tokens/opaque-token.js';
import type { IpBanService } from '../../security/ip-bans/ip-ban.service.js';
import type { AccessTokenService } from '../tokens/access-token.service.js';
import type { RefreshToken } from './refresh-token.entity.js';
import type { ActiveSessionEntry, SessionLivenessCache } from './session-liveness.cache.js';
import { Session, type SessionRevocationReason } from './session.entity.js';
import { SessionService } from './session.service.js';
import type { SessionsConfig } from './sessions.config.js';
import { InvalidRefreshTokenError, SessionNotFoundError } from './sessions.errors.js';
import type { SessionSelection, SessionsRepository } from './sessions.repository.js';

const SESSIONS: SessionsConfig = {
  idleTimeoutSeconds: 1800,
  absoluteLifetimeSeconds: 86_400,
  maxPerUser: 5,
  reauthenticationMaxAgeSeconds: 600,
};
const CLIENT = { ip: '203.0.113.7', userAgent: 'Tests/1.0' };
const MINUTE = 60_000;

interface Created {
  readonly session: Session;
  readonly limits: { credentialVersion: number; maxPerUser: number; idleCutoff: Date };
}

describe(SessionService.name, () => {
  let audit: ReturnType<typeof recordingAudit>;
  let created: Created[];
  /** What `create` answers: the sessions the limit ended. */
  let endedByLimit: string[];
  /** The token and session `lockForRotation` finds, by token hash. */
  let stored: Map<string, { token: RefreshToken; session: Session }>;
  let revocations: { selection: SessionSelection; reason: SessionRevocationReason }[];
  let rotations: string[];
  let evicted: string[];
  let cache: Map<string, ActiveSessionEntry>;
  let ipBanFailures: string[];
  let foreignSessions: Set<string>;
  let sessions: SessionService;

  beforeEach(() => {
    audit = recordingAudit();
    created = [];
    endedByLimit = [];
    stored = new Map();
    revocations = [];
    rotations = [];
    evicted = [];
    cache = new Map();
    ipBanFailures = [];
    foreignSessions = new Set();
    const repository = fake<SessionsRepository>({
      manager: fake<EntityManager>({ transaction: inFakeTransaction } as Partial<EntityManager>),
      create: (session: Session, _hash: string, limits: Created['limits']) => {
        created.push({ session, limits });
        return Promise.resolve(endedByLimit);
      },
      lockForRotation: (_manager: EntityManager, hash: string) => Promise.resolve(stored.get(hash)),
      revoke: (selection: SessionSelection, reason: SessionRevocationReason) => {
        revocations.push({ selection, reason });
        const { sessionId } = selection;
        // A session of another user matches no selection of the caller's.
        return Promise.resolve(
          sessionId === undefined || foreignSessions.has(sessionId) ? [] : [sessionId],
        );
      },
      rotate: (_manager: EntityManager, _rotated: RefreshToken, next: { hash: string }) => {
        rotations.push(next.hash);
        return Promise.resolve();
      },
      belongsToAnother: (_userId: string, sessionId: string) =>
        Promise.resolve(foreignSessions.has(sessionId)),
    });
    const accessTokens = fake<AccessTokenService>({
      issue: ({ sessionId }) => ({ token: `access-of-${sessionId}`, expiresIn: 600 }),
    });
    const liveness = fake<SessionLivenessCache>({
      get: (id: string) => Promise.resolve(cache.get(id)),
      delete: (ids: readonly string[]) => {
        evicted.push(...ids);
        return Promise.resolve();
      },
    });
    const ipBans = fake<IpBanService>({
      recordFailure: (account) => {
        ipBanFailures.push('userId' in account ? account.userId : account.emailDigest);
        return Promise.resolve();
      },
    });
    sessions = new SessionService(
      repository,
      accessTokens,
      audit,
      liveness,
      { sessions: SESSIONS },
      ipBans,
    );
  });

  /** A session of `ada` with a refresh token the fake repository finds; returns the token. */
  function storedSession(state: {
    lastUsedAt?: Date;
    expiresAt?: Date;
    revokedAt?: Date | null;
    rotatedAt?: Date | null;
  }): string {
    const now = Date.now();
    const session = Object.assign(new Session(), {
      userId: 'ada',
      createdAt: new Date(now - 10 * MINUTE),
      lastUsedAt: state.lastUsedAt ?? new Date(now - MINUTE),
      expiresAt: state.expiresAt ?? new Date(now + 60 * MINUTE),
      revokedAt: state.revokedAt ?? null,
    });
    const token = generateOpaqueToken('refresh');
    stored.set(token.hash, {
      session,
      token: fake<RefreshToken>({
        tokenHash: token.hash,
        sessionId: session.id,
        rotatedAt: state.rotatedAt ?? null,
      }),
    });
    return token.value;
  }

  describe('start', () => {
    it('bounds the session by the absolute lifetime and passes the per-user cap and idle cutoff on', async () => {
      const before = Date.now();
      const started = await sessions.start({ userId: 'ada', credentialVersion: 3 }, CLIENT, {
        verified: false,
        enrolmentRequired: false,
      });
      const after = Date.now();

      const [{ session, limits }] = created as [Created];
      expect(started.sessionId).toBe(session.id);
      expect(session.expiresAt.getTime()).toBeGreaterThanOrEqual(
        before + SESSIONS.absoluteLifetimeSeconds * 1000,
      );
      expect(session.expiresAt.getTime()).toBeLessThanOrEqual(
        after + SESSIONS.absoluteLifetimeSeconds * 1000,
      );
      expect(limits.maxPerUser).toBe(SESSIONS.maxPerUser);
      expect(limits.credentialVersion).toBe(3);
      expect(limits.idleCutoff.getTime()).toBe(
        session.lastUsedAt.getTime() - SESSIONS.idleTimeoutSeconds * 1000,
      );
      expect(started.refreshToken).toMatch(/^brt_/);
      expect(audit.recorded).toEqual([]);
    });

    it('forgets and audits the sessions the per-user cap ended', async () => {
      endedByLimit = ['oldest-1', 'oldest-2'];

      await sessions.start({ userId: 'ada', credentialVersion: 0 }, CLIENT, {
        verified: false,
        enrolmentRequired: false,
      });

      expect(evicted).toEqual(['oldest-1', 'oldest-2']);
      expect(audit.recorded).toEqual([
        {
          event: 'session_revoked',
          outcome: 'success',
          actor: 'ada',
          target: 'user:ada',
          metadata: { reason: 'session_limit', sessions: 2 },
        },
      ]);
    });
  });

  describe('refresh', () => {
    it('rotates a current refresh token of a live session', async () => {
      const presented = storedSession({});

      const tokens = await sessions.refresh(presented, CLIENT);

      expect(tokens.refreshToken).not.toBe(presented);
      expect(rotations).toEqual([opaqueTokenHash('refresh', tokens.refreshToken)]);
      expect(revocations).toEqual([]);
    });

    it('revokes the whole session when a rotated refresh token is presented again', async () => {
      const presented = storedSession({ rotatedAt: new Date(Date.now() - MINUTE) });
      const { session } = [...stored.values()][0]!;

      await expect(sessions.refresh(presented, CLIENT)).rejects.toThrow(InvalidRefreshTokenError);

      expect(rotations).toEqual([]);
      expect(revocations).toEqual([
        { selection: { userId: 'ada', sessionId: session.id }, reason: 'refresh_token_reuse' },
      ]);
      expect(evicted).toEqual([session.id]);
      expect(audit.recorded).toEqual([
        expect.objectContaining({ event: 'authn_token_reuse', outcome: 'failure', actor: 'ada' }),
      ]);
      expect(ipBanFailures).toEqual(['ada']);
    });

    it('ends a session idle for longer than the idle timeout instead of rotating', async () => {
      const idleSince = Date.now() - (SESSIONS.idleTimeoutSeconds * 1000 + MINUTE);
      const presented = storedSession({ lastUsedAt: new Date(idleSince) });

      await expect(sessions.refresh(presented, CLIENT)).rejects.toThrow(InvalidRefreshTokenError);

      expect(rotations).toEqual([]);
      expect(revocations.map(({ reason }) => reason)).toEqual(['idle_timeout']);
    });

    it('ends a session past its absolute lifetime even if used a moment ago', async () => {
      const presented = storedSession({ expiresAt: new Date(Date.now() - 1000) });

      await expect(sessions.refresh(presented, CLIENT)).rejects.toThrow(InvalidRefreshTokenError);

      expect(rotations).toEqual([]);
      expect(revocations.map(({ reason }) => reason)).toEqual(['expired']);
    });

    it('refuses a token of a revoked session without rotating or revoking again', async () => {
      const presented = storedSession({ revokedAt: new Date(Date.now() - MINUTE) });

      await expect(sessions.refresh(presented, CLIENT)).rejects.toThrow(InvalidRefreshTokenError);

      expect(rotations).toEqual([]);
      expect(revocations).toEqual([]);
      expect(audit.recorded).toEqual([]);
    });

    it('refuses unknown and malformed tokens', async () => {
      await expect(sessions.refresh(generateOpaqueToken('refresh').value, CLIENT)).rejects.toThrow(
        InvalidRefreshTokenError,
      );
      await expect(sessions.refresh('not-a-refresh-token', CLIENT)).rejects.toThrow(
        InvalidRefreshTokenError,
      );
      expect(revocations).toEqual([]);
    });
  });

  describe('revokeOwn', () => {
    it('revokes one of the caller’s sessions and forgets it at once', async () => {
      await sessions.revokeOwn('ada', 'ada-session');

      expect(revocations).toEqual([
        { selection: { userId: 'ada', sessionId: 'ada-session' }, reason: 'revoked_by_user' },
      ]);
      expect(evicted).toEqual(['ada-session']);
    });

    it('answers another user’s session as not found, and audits the attempt', async () => {
      foreignSessions.add('bob-session');

      await expect(sessions.revokeOwn('ada', 'bob-session')).rejects.toThrow(SessionNotFoundError);

      expect(audit.recorded).toEqual([
        {
          event: 'malicious_direct_reference',
          outcome: 'failure',
          target: 'session:bob-session',
        },
      ]);
    });
  });
});
