import type { Clock } from '../../platform/clock/clock.js';
import type { Redis } from 'ioredis';
import { redisCommand } from '../../platform/redis/redis.client.js';
import {
  LOCKOUT_STATE_TTL_MS,
  type LockoutFailure,
  type LockoutPolicy,
  type LockoutStore,
} from './lockout.store.js';

export const REDIS_LOCKOUT_PREFIX = 'bulwark:lockout:';

// The policy of MemoryLockoutStore in one script, which Redis runs atomically: failures from
// every instance are counted exactly. `now` is the caller's clock (instances agree to NTP accuracy).
// KEYS[1]: the key's hash. ARGV: now (ms), threshold, baseSeconds, maxSeconds, state TTL (ms).
// Returns {failures, seconds of the lock placed or 0}.
const RECORD_FAILURE_LUA = `
local now = tonumber(ARGV[1])
if tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or 0) > now then
  return {tonumber(redis.call('HGET', KEYS[1], 'failures') or 0), 0}
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if failures < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return {failures, 0}
end
local level = tonumber(redis.call('HGET', KEYS[1], 'level') or 0)
local seconds = math.min(tonumber(ARGV[3]) * 2 ^ level, tonumber(ARGV[4]))
redis.call('HSET', KEYS[1], 'failures', 0, 'level', level + 1, 'lockedUntil', now + seconds * 1000)
redis.call('PEXPIRE', KEYS[1], seconds * 1000 + tonumber(ARGV[5]))
return {failures, seconds}
`;

interface LockoutScripts {
  bulwarkLockoutFailure(
    key: string,
    now: number,
    threshold: number,
    baseSeconds: number,
    maxSeconds: number,
    stateTtlMs: number,
  ): Promise<[number, number]>;
}

/** Lockout state shared by every instance: one hash per key, expiring with PEXPIRE. */
export class RedisLockoutStore implements LockoutStore {
  private readonly scripts: LockoutScripts;

  constructor(
    private readonly redis: Redis,
    private readonly policy: LockoutPolicy,
    private readonly clock: Clock = Date.now,
    private readonly prefix = REDIS_LOCKOUT_PREFIX,
  ) {
    // Sent as EVALSHA, or EVAL on a connection that has not seen the script yet.
    redis.defineCommand('bulwarkLockoutFailure', { lua: RECORD_FAILURE_LUA, numberOfKeys: 1 });
    // defineCommand adds the method at run time, which ioredis's typings cannot know.
    this.scripts = redis as Redis & LockoutScripts;
  }

  async lockRemainingMs(key: string): Promise<number> {
    const lockedUntil = await redisCommand(() => this.redis.hget(this.prefix + key, 'lockedUntil'));
    return Math.max(0, Number(lockedUntil ?? 0) - this.clock());
  }

  async recordFailure(key: string): Promise<LockoutFailure> {
    const { threshold, baseSeconds, maxSeconds } = this.policy;
    const [failures, seconds] = await redisCommand(() =>
      this.scripts.bulwarkLockoutFailure(
        this.prefix + key,
        this.clock(),
        threshold,
        baseSeconds,
        maxSeconds,
        LOCKOUT_STATE_TTL_MS,
      ),
    );
    return { failures, lockedForSeconds: seconds > 0 ? seconds : undefined };
  }

  async delete(key: string): Promise<void> {
    await redisCommand(() => this.redis.del(this.prefix + key));
  }
}
