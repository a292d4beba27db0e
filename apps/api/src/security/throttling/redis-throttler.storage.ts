import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { redisCommand } from '../../platform/redis/redis.client.js';
import { throttlerRecord, type ThrottlerStorageRecord } from './throttler-storage.js';

// The counting of MemoryThrottlerStorage in one script, which Redis runs atomically: hits from
// every instance land on one counter, so N instances share one budget exactly. A key found
// without an expiry (written by anything else) gets one rather than block forever.
// KEYS[1]: the counter. ARGV: window (ms), limit, block duration (ms). Returns {hits, ms left}.
const INCREMENT_LUA = `
local hits = redis.call('INCR', KEYS[1])
local remaining = redis.call('PTTL', KEYS[1])
if remaining < 0 then
  remaining = tonumber(ARGV[1])
  redis.call('PEXPIRE', KEYS[1], remaining)
end
if hits == tonumber(ARGV[2]) + 1 and remaining < tonumber(ARGV[3]) then
  remaining = tonumber(ARGV[3])
  redis.call('PEXPIRE', KEYS[1], remaining)
end
return {hits, remaining}
`;

interface ThrottlerScripts {
  bulwarkThrottleIncrement(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
  ): Promise<[number, number]>;
}

/** Counters shared by every instance; every failure is SharedStateUnavailableError. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly scripts: ThrottlerScripts;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // Sent as EVALSHA, or EVAL on a connection that has not seen the script yet.
    redis.defineCommand('bulwarkThrottleIncrement', { lua: INCREMENT_LUA, numberOfKeys: 1 });
    // defineCommand adds the method at run time, which ioredis's typings cannot know.
    this.scripts = redis as Redis & ThrottlerScripts;
  }

  async increment(
    key: string,
    ttlMs: number,
    limit: number,
    blockDurationMs: number,
  ): Promise<ThrottlerStorageRecord> {
    const [hits, remainingMs] = await redisCommand(() =>
      this.scripts.bulwarkThrottleIncrement(this.prefix + key, ttlMs, limit, blockDurationMs),
    );
    return throttlerRecord(hits, remainingMs, limit);
  }
}
