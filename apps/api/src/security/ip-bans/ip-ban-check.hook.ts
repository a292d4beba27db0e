import type { FastifyRequest } from 'fastify';
import { IpBannedError } from './ip-bans.errors.js';
import type { IpBanService } from './ip-ban.service.js';

/**
 * Routes a ban leaves open. Liveness does no work and tells nothing, and a ban of the prober's
 * address (say, a load balancer's when TRUSTED_PROXIES is missing) must not restart every
 * instance on top of refusing its traffic. Refreshing and ending a session need a 256-bit token
 * nobody guesses: the innocent users behind a banned shared address keep the sessions they have,
 * while sign-ins (and every other route) from that address are refused.
 */
export const IP_BAN_EXEMPT_ROUTES: ReadonlySet<string> = new Set([
  '/health/live',
  '/auth/refresh',
  '/auth/logout',
]);

/**
 * Refuses every request of a banned address before anything else runs: routing to a handler,
 * body parsing, authentication, @Public() routes and unknown paths alike. `request.ip` honours
 * TRUSTED_PROXIES only, so a forged X-Forwarded-For from anyone else changes nothing.
 */
export function ipBanCheckHook(bans: IpBanService) {
  return async (request: FastifyRequest): Promise<void> => {
    if (
      request.routeOptions.url !== undefined &&
      IP_BAN_EXEMPT_ROUTES.has(request.routeOptions.url)
    ) {
      return;
    }
    // Fastify reads the address off the socket: a client that already reset it has none, and
    // no answer reaches it anyway.
    const ip = request.ip as string | undefined;
    if (ip === undefined) {
      return;
    }
    const seconds = await bans.bannedFor(ip);
    if (seconds !== undefined) {
      throw new IpBannedError(seconds);
    }
  };
}
