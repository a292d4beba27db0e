import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { REDIS_CLIENT_OPTIONS } from '../../src/platform/redis/redis.client.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** Connected with the application's options, so tests see its fail-fast behaviour. */
  readonly redis: Redis;
  /** Unique to this test: every key it writes must start with it. */
  readonly prefix: string;
  /** Deletes the keys under `prefix` and closes the client. */
  close(): Promise<void>;
}

/** A client on the test Redis with a key prefix of its own; rejects when that Redis is down. */
export async function openTestRedis(): Promise<TestRedis> {
  const redis = new Redis(TEST_REDIS_URL, REDIS_CLIENT_OPTIONS);
  await redis.connect();
  const prefix = `bulwark:test:${randomUUID()}:`;
  return {
    redis,
    prefix,
    async close() {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) {
          await redis.del(...keys);
        }
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/** A redis:// URL on a loopback port where nothing listens (it was free a moment ago). */
export async function closedRedisUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('The probe server has no TCP address');
  }
  return `redis://127.0.0.1:${address.port}`;
}
