import { describe, expect, it } from 'vitest';
import type { AuditService } from '../audit/audit.service.js';
import type { AppConfig } from '../../app.config.js';
import { closeRedis, connectRedis } from '../../platform/redis/redis.client.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { closedRedisUrl } from '../../../test/support/redis.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { IP_BAN_REDIS_KEY_PREFIX, type IpBansConfig } from './ip-bans.config.js';
import { IpBanService } from './ip-ban.service.js';
import { RedisIpBanStore } from './redis-ip-ban.store.js';

const IP_BANS: IpBansConfig = {
  distinctAccounts: 3,
  windowSeconds: 600,
  durationSeconds: 3600,
  redisKeyPrefix: IP_BAN_REDIS_KEY_PREFIX,
  exempt: [],
};

describe(IpBanService.name, () => {
  it('lets requests through while Redis is down, but refuses to count a failure', async () => {
    const down = await connectRedis(await closedRedisUrl(), { warn: () => undefined });
    try {
      // No ban is placed here, so nothing is audited; only the section the service reads.
      const bans = new IpBanService(
        new RedisIpBanStore(down, IP_BANS),
        {} as AuditService,
        { ipBans: IP_BANS, http: { clientIpv6Prefix: 64 } } as AppConfig,
      );
      await expect(bans.bannedFor('203.0.113.7')).resolves.toBeUndefined();
      const context = { requestId: 'r1', ip: '203.0.113.7' };
      await expect(
        RequestContext.run(context, () => bans.recordFailure({ userId: 'u1' })),
      ).rejects.toBeInstanceOf(SharedStateUnavailableError);
    } finally {
      await closeRedis(down);
    }
  });
});
