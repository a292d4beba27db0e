import { applyDecorators, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Throttle } from '@nestjs/throttler';
import { ApiProblemResponse, PROBLEM } from '../../platform/http/api-problem-response.decorator.js';
import type { RateLimitName, RateLimitSize } from './throttling.policies.js';

export const RATE_LIMIT_NAME_KEY = 'bulwark:rate-limit';

/** The named limit of `@RateLimit` on the route's handler, else on its controller. */
export function routeLimitNameOf(context: ExecutionContext): RateLimitName | undefined {
  return (Reflect.getMetadata(RATE_LIMIT_NAME_KEY, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMIT_NAME_KEY, context.getClass())) as RateLimitName | undefined;
}

/**
 * Counts the route's requests against the named limit, on top of `default` which counts every
 * route's. `size` replaces the configured size (THROTTLE_*) for this route alone. The OpenAPI
 * document lists the 429 it may answer.
 */
export const RateLimit = (name: RateLimitName, size?: RateLimitSize) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT_NAME_KEY, name),
    ApiProblemResponse(429, `Over the \`${name}\` rate limit: retry after Retry-After seconds.`, [
      `${PROBLEM}rate-limited`,
    ]),
    ...(size === undefined
      ? []
      : [Throttle({ [name]: { limit: size.limit, ttl: size.windowSeconds * 1000 } })]),
  );
