import { QueryFailedError } from 'typeorm';
import { appError, type ProblemOccurrence } from '../errors/app-error.js';

// PostgreSQL's unique_violation (PGlite reports the same SQLSTATE).
const UNIQUE_VIOLATION = '23505';

// Connection exceptions (class 08), a server shutting down or starting (57P01-57P03), and a
// full server (53300): the database is away, not the request wrong.
const UNAVAILABLE_SQLSTATES = /^(?:08...|57P0[123]|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// What pg says, without a code, of a connection lost or never made.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
];
// TypeORM releases a transaction's runner when its connection dies; the commit then finds it gone.
const UNAVAILABLE_ERROR_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);
// Causes are followed this deep: a QueryFailedError wraps the driver's error, an AuditWriteError both.
const MAX_CAUSE_DEPTH = 4;

/** A write lost a race to a concurrent one that took the same unique key. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && codeOf(error.driverError) === UNIQUE_VIOLATION;
}

/** The error, or one of its causes, says the database could not be reached: a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_CAUSE_DEPTH) {
    return false;
  }
  const code = codeOf(error);
  if (
    code !== undefined &&
    (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))
  ) {
    return true;
  }
  if (error instanceof Error && UNAVAILABLE_ERROR_NAMES.has(error.name)) {
    return true;
  }
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  if (UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) {
    return true;
  }
  const cause: unknown =
    error instanceof QueryFailedError ? error.driverError : (error as Error).cause;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** What a request that met the database away is answered: retry shortly, nothing of why. */
export class DatabaseUnavailableError extends appError({
  code: 'DATABASE.UNAVAILABLE',
  status: 503,
  detail: 'The service is temporarily unavailable. Retry after the delay in Retry-After.',
}) {
  /** A restarted PostgreSQL accepts connections again within seconds; the pool reconnects. */
  override occurrence(): ProblemOccurrence {
    return { retryAfterSeconds: 5 };
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
    ? error.code
    : undefined;
}
