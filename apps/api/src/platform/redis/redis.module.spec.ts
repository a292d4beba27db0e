import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BulwarkLogger } from '@bulwark/logging';
import type { Redis } from 'ioredis';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../app.config.js';
import { ConfigModule } from '../config/config.module.js';
import { LoggingModule } from '../logging/logging.module.js';
import { closeRedis, connectRedis } from './redis.client.js';
import { RedisModule } from './redis.module.js';
import { closedRedisUrl, TEST_REDIS_URL } from '../../../test/support/redis.js';
import { REDIS_CLIENT } from './redis.tokens.js';
import { describeWith, REDIS } from '../../../test/support/requirements.js';

@Module({})
class TestRootModule {
  static forRoot(config: AppConfig, logger: BulwarkLogger): DynamicModule {
    return {
      module: TestRootModule,
      imports: [ConfigModule.forRoot(config), LoggingModule.forRoot(logger), RedisModule],
    };
  }
}

function fakeLogger(): { logger: BulwarkLogger; warn: ReturnType<typeof vi.fn> } {
  const warn = vi.fn();
  // The client logs through warn() only; a whole winston logger is beside the point here.
  return { logger: { warn } as unknown as BulwarkLogger, warn };
}

async function startContext(redisUrl: string | undefined, logger: BulwarkLogger) {
  // Only the section this module reads.
  const config = { redis: { url: redisUrl, caFile: undefined } } as AppConfig;
  return NestFactory.createApplicationContext(TestRootModule.forRoot(config, logger), {
    logger: false,
  });
}

/** A TCP relay to the test Redis that can refuse connections, to play an outage. */
async function startRelay(): Promise<{ url: string; setUp(up: boolean): void; close(): void }> {
  const target = new URL(TEST_REDIS_URL);
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 6379), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket)).on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('The relay has no TCP address');
  }
  const dropAll = () => {
    for (const socket of sockets) {
      socket.destroy();
    }
  };
  return {
    url: `redis://127.0.0.1:${address.port}`,
    setUp(value) {
      up = value;
      if (!up) {
        dropAll();
      }
    },
    close() {
      dropAll();
      server.close();
    },
  };
}

describe(RedisModule.name, () => {
  it('provides null when REDIS_URL is unset', async () => {
    const context = await startContext(undefined, fakeLogger().logger);
    try {
      expect(context.get(REDIS_CLIENT)).toBeNull();
    } finally {
      await context.close();
    }
  });

  it.runIf(REDIS.present)('provides a connected client, and quits it on shutdown', async () => {
    const context = await startContext(TEST_REDIS_URL, fakeLogger().logger);
    const redis = context.get<Redis>(REDIS_CLIENT);
    try {
      expect(redis.status).toBe('ready');
      await expect(redis.ping()).resolves.toBe('PONG');
    } finally {
      await context.close();
    }
    await vi.waitFor(() => {
      expect(redis.status).toBe('end');
    });
  });

  it('starts while Redis is down, fails commands at once, logs one warning without the URL', async () => {
    const { logger, warn } = fakeLogger();
    const url = (await closedRedisUrl()).replace('//', '//bulwark:s3cret-pass@');
    const context = await startContext(url, logger);
    const redis = context.get<Redis>(REDIS_CLIENT);
    try {
      const started = performance.now();
      await expect(redis.ping()).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(100);
      // Several reconnection attempts (100 ms, 200 ms…) fail the same way: one line for the outage.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(warn).toHaveBeenCalledOnce();
      expect(warn).toHaveBeenCalledWith('redis unavailable', {
        code: 'ECONNREFUSED',
        error: expect.any(String) as unknown,
      });
      expect(JSON.stringify(warn.mock.calls)).not.toMatch(/s3cret|bulwark:|redis:\/\//);
    } finally {
      await context.close();
    }
    // Shut down, it stops reconnecting (and holds no timer that would keep the process alive).
    const attempts = vi.fn();
    redis.on('connecting', attempts);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).not.toHaveBeenCalled();
  });
});

describeWith(REDIS)(connectRedis.name, () => {
  it('reconnects in the background once Redis is back, and fails fast meanwhile', async () => {
    const relay = await startRelay();
    const redis = await connectRedis(relay.url, fakeLogger().logger);
    try {
      await expect(redis.ping()).resolves.toBe('PONG');

      relay.setUp(false);
      await once(redis, 'close');
      const started = performance.now();
      await expect(redis.ping()).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(100);

      relay.setUp(true);
      await once(redis, 'ready');
      await expect(redis.ping()).resolves.toBe('PONG');
    } finally {
      await closeRedis(redis);
      relay.close();
    }
  });
});
