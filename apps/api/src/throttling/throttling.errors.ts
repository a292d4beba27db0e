import { AppError } from '../http/app-error.js';

/** A named limit refused the request; the client may retry once its window has closed. */
export class RateLimitExceededError extends AppError {
  readonly code = 'THROTTLING.RATE_LIMITED';

  constructor(readonly retryAfterSeconds: number) {
    super('Rate limit exceeded');
  }
}
