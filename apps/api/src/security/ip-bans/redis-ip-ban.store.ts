import { pageOf, type Page, type PageRequest } from '../../platform/http/page.js';
import type { Clock } from '../../platform/clock/clock.js';
import type { Redis } from 'ioredis';
import { redisCommand } from '../../platform/redis/redis.client.js';
import type { IpBan, IpBanStore } from './ip-ban.store.js';
import type { RedisIpBanStoreConfig } from './ip-bans.config.js';

// The policy of MemoryIpBanStore in one script, which Redis runs atomically: failures from every
// instance are counted exactly. `now` is the caller's clock (instances agree to NTP accuracy).
// KEYS[1]: the address's sorted set of failed accounts, scored by time of failure (expires with
// the window); KEYS[2]: the sorted set of bans, scored by their end.
// ARGV: now (ms), ip, account, window (ms), distinct accounts, duration (ms).
// Returns the end of the ban placed, or 0.
const RECORD_FAILURE_LUA = `
local now = tonumber(ARGV[1])
if tonumber(redis.call('ZSCORE', KEYS[2], ARGV[2]) or 0) > now then
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[4]))
redis.call('ZADD', KEYS[1], now, ARGV[3])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[5]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local expiresAt = now + tonumber(ARGV[6])
redis.call('ZADD', KEYS[2], expiresAt, ARGV[2])
return expiresAt
`;

// KEYS[1]: the sorted set of bans. ARGV: ip, now (ms). Returns 1 when the ip was banned, else 0.
const LIFT_LUA = `
local expiresAt = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or 0)
redis.call('ZREM', KEYS[1], ARGV[1])
if expiresAt > tonumber(ARGV[2]) then
  return 1
end
return 0
`;

interface IpBanScripts {
  bulwarkIpBanFailure(
    failuresKey: string,
    bansKey: string,
    now: number,
    ip: string,
    account: string,
    windowMs: number,
    distinctAccounts: number,
    durationMs: number,
  ): Promise<number>;
  bulwarkIpBanLift(bansKey: string, ip: string, now: number): Promise<number>;
}

/**
 * Failures and bans shared by every instance. Bans live in one sorted set, scored by their end:
 * the check on every request is one ZSCORE, and listing needs no key scan. Ended bans are removed
 * when the next ban is placed, which bounds the set by the bans of one ban duration.
 */
export class RedisIpBanStore implements IpBanStore {
  private readonly scripts: IpBanScripts;
  private readonly bansKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly config: RedisIpBanStoreConfig,
    private readonly clock: Clock = Date.now,
  ) {
    this.bansKey = `${config.redisKeyPrefix}bans`;
    // Sent as EVALSHA, or EVAL on a connection that has not seen the script yet.
    redis.defineCommand('bulwarkIpBanFailure', { lua: RECORD_FAILURE_LUA, numberOfKeys: 2 });
    redis.defineCommand('bulwarkIpBanLift', { lua: LIFT_LUA, numberOfKeys: 1 });
    // defineCommand adds the method at run time, which ioredis's typings cannot know.
    this.scripts = redis as Redis & IpBanScripts;
  }

  async banOf(ip: string): Promise<IpBan | undefined> {
    const score = await redisCommand(() => this.redis.zscore(this.bansKey, ip));
    const expiresAt = Number(score ?? 0);
    return expiresAt > this.clock() ? { ip, expiresAt } : undefined;
  }

  async recordFailure(ip: string, account: string): Promise<IpBan | undefined> {
    const { windowSeconds, distinctAccounts, durationSeconds, redisKeyPrefix } = this.config;
    const expiresAt = await redisCommand(() =>
      this.scripts.bulwarkIpBanFailure(
        `${redisKeyPrefix}failures:${ip}`,
        this.bansKey,
        this.clock(),
        ip,
        account,
        windowSeconds * 1000,
        distinctAccounts,
        durationSeconds * 1000,
      ),
    );
    return expiresAt > 0 ? { ip, expiresAt } : undefined;
  }

  async list(request: PageRequest): Promise<Page<IpBan>> {
    // Ended bans may linger until the next ban is placed: only later ends are read.
    const active = `(${this.clock()}`;
    const [total, flat] = await redisCommand(() =>
      Promise.all([
        this.redis.zcount(this.bansKey, active, '+inf'),
        this.redis.zrangebyscore(
          this.bansKey,
          active,
          '+inf',
          'WITHSCORES',
          'LIMIT',
          request.offset,
          request.limit,
        ),
      ]),
    );
    const bans: IpBan[] = [];
    for (let index = 0; index + 1 < flat.length; index += 2) {
      bans.push({ ip: flat[index] as string, expiresAt: Number(flat[index + 1]) });
    }
    return pageOf(bans, total, request);
  }

  async lift(ip: string): Promise<boolean> {
    const lifted = await redisCommand(() =>
      this.scripts.bulwarkIpBanLift(this.bansKey, ip, this.clock()),
    );
    return lifted === 1;
  }
}
