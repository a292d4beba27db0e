import { appError, type ProblemOccurrence } from '../errors/app-error.js';

/**
 * Redis, which holds the state shared by every instance (lockouts, session liveness), did not
 * answer. Callers fail closed rather than fall back to per-process state, which would let an
 * attacker spread attempts over instances or keep a revoked session alive on one of them. The
 * client learns nothing of what lies behind the service.
 */
export class SharedStateUnavailableError extends appError({
  code: 'REDIS.UNAVAILABLE',
  status: 503,
  detail: 'The service is temporarily unavailable. Retry after the delay in Retry-After.',
}) {
  constructor(options?: ErrorOptions) {
    super('Shared state (Redis) is unavailable', options);
  }

  /** The client reconnects in the background within a couple of seconds of Redis returning. */
  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: 1 };
  }
}
