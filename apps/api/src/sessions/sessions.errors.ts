import { AppError } from '../http/app-error.js';

/** Unknown, malformed, rotated, or of an ended session: one answer, the reason is for the logs. */
export class InvalidRefreshTokenError extends AppError {
  readonly code = 'SESSIONS.INVALID_REFRESH_TOKEN';
}

/** Also what another user's session id gets: a 404 tells nothing of whether it exists. */
export class SessionNotFoundError extends AppError {
  readonly code = 'SESSIONS.NOT_FOUND';

  constructor() {
    super('No such session of this user');
  }
}

/** An administrator has locked this account: no new session until it is unlocked. */
export class AccountLockedError extends AppError {
  readonly code = 'SESSIONS.ACCOUNT_LOCKED';

  constructor() {
    super('The account is locked');
  }
}
