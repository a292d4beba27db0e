import { appError, type ProblemOccurrence } from '../../platform/errors/app-error.js';

/**
 * A named limit refused the request; the client may retry once its window has closed. Which
 * limit and which key refused it is for the logs; the client learns only when to retry.
 */
export class RateLimitExceededError extends appError({
  code: 'THROTTLING.RATE_LIMITED',
  status: 429,
  type: 'rate-limited',
  title: 'Too many requests.',
  detail: 'Retry after the delay in Retry-After.',
}) {
  constructor(readonly retryAfterSeconds: number) {
    super('Rate limit exceeded');
  }

  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}
