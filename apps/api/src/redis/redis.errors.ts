import { AppError } from '../http/app-error.js';

/**
 * Redis, which holds the state shared by every instance (lockouts, session liveness), did not
 * answer. Callers fail closed rather than fall back to per-process state, which would let an
 * attacker spread attempts over instances or keep a revoked session alive on one of them.
 */
export class SharedStateUnavailableError extends AppError {
  readonly code = 'REDIS.UNAVAILABLE';
  /** The client reconnects in the background within a couple of seconds of Redis returning. */
  readonly retryAfterSeconds = 1;

  constructor(options?: ErrorOptions) {
    super('Shared state (Redis) is unavailable', options);
  }
}
