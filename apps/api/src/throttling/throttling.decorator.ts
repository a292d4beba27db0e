import { applyDecorators, SetMetadata } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import type { RateLimitName, RateLimitSize } from './throttling.policies.js';

export const RATE_LIMIT_NAME_KEY = 'bulwark:rate-limit';

/**
 * Counts the route's requests against the named limit, on top of `default` which counts every
 * route's. `size` replaces the configured size (THROTTLE_*) for this route alone.
 */
export const RateLimit = (name: RateLimitName, size?: RateLimitSize) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_NAME_KEY, name),
    ...(size === undefined
      ? []
      : [Throttle({ [name]: { limit: size.limit, ttl: size.windowSeconds * 1000 } })]),
  );
