import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiProblemResponse, PROBLEM } from '../../platform/http/api-problem-response.decorator.js';
import type { RateLimitName, RateLimitSize } from './throttling.policies.js';

export const RATE_LIMIT_KEY = 'bulwark:rate-limit';

/** What `@RateLimit` records on a route or controller. */
export interface RouteRateLimit {
  readonly name: RateLimitName;
  /** Replaces the configured size of that limit on this route alone. */
  readonly size?: RateLimitSize;
}

/**
 * Counts the route's requests against the named limit, on top of `default` which counts every
 * route's. `size` replaces the configured size (THROTTLE_*) for this route alone. The OpenAPI
 * document lists the 429 it may answer.
 */
export const RateLimit = (name: RateLimitName, size?: RateLimitSize) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, { name, size } satisfies RouteRateLimit),
    ApiProblemResponse(429, `Over the \`${name}\` rate limit: retry after Retry-After seconds.`, [
      `${PROBLEM}rate-limited`,
    ]),
  );
