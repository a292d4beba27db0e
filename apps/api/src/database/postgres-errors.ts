import { QueryFailedError } from 'typeorm';

// PostgreSQL's unique_violation (PGlite reports the same SQLSTATE).
const UNIQUE_VIOLATION = '23505';

/** A write lost a race to a concurrent one that took the same unique key. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) {
    return false;
  }
  const cause: unknown = error.driverError;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    'code' in cause &&
    cause.code === UNIQUE_VIOLATION
  );
}
