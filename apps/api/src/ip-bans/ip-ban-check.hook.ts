import type { FastifyRequest } from 'fastify';
import { IpBannedError } from './ip-bans.errors.js';
import type { IpBanService } from './ip-ban.service.js';

/**
 * Left open for orchestrators: it does no work and tells nothing, and a ban of the prober's
 * address (say, a load balancer's when TRUSTED_PROXIES is missing) must not restart every
 * instance on top of refusing its traffic.
 */
export const IP_BAN_EXEMPT_ROUTE = '/health/live';

/**
 * Refuses every request of a banned address before anything else runs: routing to a handler,
 * body parsing, authentication, @Public() routes and unknown paths alike. `request.ip` honours
 * TRUSTED_PROXIES only, so a forged X-Forwarded-For from anyone else changes nothing.
 */
export function ipBanCheckHook(bans: IpBanService) {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.routeOptions.url === IP_BAN_EXEMPT_ROUTE) {
      return;
    }
    const seconds = await bans.bannedFor(request.ip);
    if (seconds !== undefined) {
      throw new IpBannedError(seconds);
    }
  };
}
