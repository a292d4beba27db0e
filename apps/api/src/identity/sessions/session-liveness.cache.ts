import type { Redis } from 'ioredis';
import { redisCommand } from '../../platform/redis/redis.client.js';

/**
 * The principal: who a live session acts for, all that authentication and authorization need on a
 * request, read in one statement and cached per session (see PrincipalInvalidation for when it is
 * dropped).
 */
export interface ActiveSessionEntry {
  readonly userId: string;
  /** When the session began with a proof of the password (epoch ms): a login, or a re-authentication. */
  readonly authenticatedAt: number;
  /** When the session last proved a second factor (epoch ms), for step-up; null: never. */
  readonly mfaVerifiedAt: number | null;
  /** The user holds a role that requires MFA and has none yet: only enrolment is allowed. */
  readonly mfaEnrolmentRequired: boolean;
  /** When the session ends at the latest (epoch ms), whatever its use. */
  readonly expiresAt: number;
  /** The user's roles now, sorted by name. */
  readonly roles: readonly string[];
  /** What the user's roles grant now, sorted; never taken from the token. */
  readonly permissions: readonly string[];
  /** The user has a confirmed second factor. */
  readonly mfaEnabled: boolean;
}

/**
 * "This session is active for this user", cached in front of the database. A `set` racing with a
 * revocation's `delete` can re-cache a revoked session: callers read the database again after it.
 */
export interface SessionLivenessCache {
  get(sessionId: string): Promise<ActiveSessionEntry | undefined>;
  /** Whole seconds; an entry is never kept longer than asked, and one under a second not at all. */
  set(sessionId: string, entry: ActiveSessionEntry, ttlSeconds: number): Promise<void>;
  /** Resolves only once no instance can read these entries any more. */
  delete(sessionIds: readonly string[]): Promise<void>;
}

/** Shared by every instance through Redis when it is configured; else this process's own. */
export function createSessionLivenessCache(redis: Redis | null): SessionLivenessCache {
  return redis === null ? new MemorySessionLivenessCache() : new RedisSessionLivenessCache(redis);
}

/** A flood of sessions evicts the oldest entries (a database read each) rather than exhaust memory. */
export const MEMORY_SESSION_CACHE_MAX_ENTRIES = 50_000;

export const REDIS_SESSION_PREFIX = 'bulwark:session:';

export class MemorySessionLivenessCache implements SessionLivenessCache {
  // Kept in order of last write, so the first entry is the one to evict.
  private readonly entries = new Map<string, { entry: ActiveSessionEntry; expiresAt: number }>();

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly maxEntries = MEMORY_SESSION_CACHE_MAX_ENTRIES,
  ) {}

  get(sessionId: string): Promise<ActiveSessionEntry | undefined> {
    const cached = this.entries.get(sessionId);
    if (cached !== undefined && cached.expiresAt <= this.clock()) {
      this.entries.delete(sessionId);
      return Promise.resolve(undefined);
    }
    return Promise.resolve(cached?.entry);
  }

  set(sessionId: string, entry: ActiveSessionEntry, ttlSeconds: number): Promise<void> {
    const seconds = Math.floor(ttlSeconds);
    if (seconds < 1) {
      return this.delete([sessionId]);
    }
    this.entries.delete(sessionId);
    this.entries.set(sessionId, { entry, expiresAt: this.clock() + seconds * 1000 });
    if (this.entries.size > this.maxEntries) {
      const [oldest = sessionId] = this.entries.keys();
      this.entries.delete(oldest);
    }
    return Promise.resolve();
  }

  delete(sessionIds: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) {
      this.entries.delete(sessionId);
    }
    return Promise.resolve();
  }
}

/** Entries as JSON under `bulwark:session:<id>`; every failure is SharedStateUnavailableError. */
export class RedisSessionLivenessCache implements SessionLivenessCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = REDIS_SESSION_PREFIX,
  ) {}

  async get(sessionId: string): Promise<ActiveSessionEntry | undefined> {
    const value = await redisCommand(() => this.redis.get(this.prefix + sessionId));
    if (value === null) {
      return undefined;
    }
    const parsed: unknown = JSON.parse(value);
    // Only set() writes here; anything else is a miss, which the database then answers.
    return isEntry(parsed)
      ? {
          userId: parsed.userId,
          authenticatedAt: parsed.authenticatedAt,
          mfaVerifiedAt: parsed.mfaVerifiedAt,
          mfaEnrolmentRequired: parsed.mfaEnrolmentRequired,
          expiresAt: parsed.expiresAt,
          roles: parsed.roles,
          permissions: parsed.permissions,
          mfaEnabled: parsed.mfaEnabled,
        }
      : undefined;
  }

  async set(sessionId: string, entry: ActiveSessionEntry, ttlSeconds: number): Promise<void> {
    const seconds = Math.floor(ttlSeconds);
    if (seconds < 1) {
      return this.delete([sessionId]);
    }
    const value = JSON.stringify({
      userId: entry.userId,
      authenticatedAt: entry.authenticatedAt,
      mfaVerifiedAt: entry.mfaVerifiedAt,
      mfaEnrolmentRequired: entry.mfaEnrolmentRequired,
      expiresAt: entry.expiresAt,
      roles: entry.roles,
      permissions: entry.permissions,
      mfaEnabled: entry.mfaEnabled,
    });
    await redisCommand(() => this.redis.set(this.prefix + sessionId, value, 'EX', seconds));
  }

  async delete(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) {
      await redisCommand(() => this.redis.del(...sessionIds.map((id) => this.prefix + id)));
    }
  }
}

function isEntry(value: unknown): value is ActiveSessionEntry {
  return (
    typeof value === 'object' &&
    value !== null &&
    'userId' in value &&
    typeof value.userId === 'string' &&
    'authenticatedAt' in value &&
    typeof value.authenticatedAt === 'number' &&
    'mfaVerifiedAt' in value &&
    (value.mfaVerifiedAt === null || typeof value.mfaVerifiedAt === 'number') &&
    'mfaEnrolmentRequired' in value &&
    typeof value.mfaEnrolmentRequired === 'boolean' &&
    'expiresAt' in value &&
    typeof value.expiresAt === 'number' &&
    'roles' in value &&
    isStringArray(value.roles) &&
    'permissions' in value &&
    isStringArray(value.permissions) &&
    'mfaEnabled' in value &&
    typeof value.mfaEnabled === 'boolean'
  );
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item: unknown) => typeof item === 'string');
}
