import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl } from '../config/redis-url.js';
import { SharedStateUnavailableError } from './redis.errors.js';

/** The one log method the client needs; BulwarkLogger provides it. */
export interface RedisLog {
  warn(message: string, meta: Readonly<Record<string, unknown>>): unknown;
}

/**
 * Login and every authenticated request go through Redis: while it is down they must fail within
 * about a second (503, Retry-After) rather than wait on a dead connection, and the client must
 * come back by itself once Redis does.
 */
export const REDIS_CLIENT_OPTIONS = {
  // Commands sent while disconnected are refused at once instead of queued without bound.
  enableOfflineQueue: false,
  // A host that drops packets is given up after 2 s (default 10 s).
  connectTimeout: 2_000,
  // A command in flight when the connection drops is retried after one reconnection, then failed.
  maxRetriesPerRequest: 1,
  // A server that accepts the connection but does not answer (paused, partitioned) fails after 1 s.
  commandTimeout: 1_000,
  // Never gives up: 100 ms, 200 ms… then every 2 s until Redis is back, without a restart.
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 2_000),
  // The first connection is awaited by connectRedis, which decides what a failure means.
  lazyConnect: true,
} satisfies RedisOptions;

/**
 * Options to reach `url` (REDIS_URL), never the URL itself, whose query parameters ioredis would
 * let override the others (see parseRedisUrl). Over TLS, Node verifies the certificate chain
 * (against `caFile` when given, else its public roots) and the host name.
 */
function redisConnectionOptions(url: string, caFile?: string): RedisOptions {
  const endpoint = parseRedisUrl(url);
  if (endpoint === undefined) {
    throw new Error('REDIS_URL: not a redis:// or rediss:// URL without query parameters');
  }
  const { host, port, username, password, db } = endpoint;
  return {
    host,
    port,
    username,
    password,
    db,
    tls: endpoint.tls
      ? {
          ca: caFile === undefined ? undefined : readFileSync(caFile),
          // SNI carries names only (RFC 6066); an address is still checked against the certificate.
          servername: isIP(host) === 0 ? host : undefined,
        }
      : undefined,
  };
}

/**
 * A client for `url` that has made its first connection attempt. A Redis that is down does not
 * stop the API starting: the readiness check reports it, and the client keeps reconnecting.
 */
export async function connectRedis(url: string, log: RedisLog, caFile?: string): Promise<Redis> {
  const client = new Redis({ ...REDIS_CLIENT_OPTIONS, ...redisConnectionOptions(url, caFile) });
  // Without a listener an 'error' event would crash the process. One line per cause and outage,
  // not one per reconnection attempt; never the URL, which may hold a password.
  let lastLogged: string | undefined;
  client.on('ready', () => (lastLogged = undefined));
  client.on('error', (error: Error & { code?: string }) => {
    const code = error.code ?? error.name;
    if (code !== lastLogged) {
      lastLogged = code;
      log.warn('redis unavailable', { code, error: error.message });
    }
  });
  await client.connect().catch(() => undefined);
  return client;
}

/** Waits for pending replies; while disconnected, where QUIT is refused, just stops reconnecting. */
export async function closeRedis(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Runs a command; any failure (refused, timed out, disconnected) becomes SharedStateUnavailableError. */
export async function redisCommand<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new SharedStateUnavailableError({ cause: error });
  }
}
