import { appError } from '../../platform/errors/app-error.js';

/** Unknown, malformed, rotated, or of an ended session: one answer, the reason is for the logs. */
export class InvalidRefreshTokenError extends appError({
  code: 'SESSIONS.INVALID_REFRESH_TOKEN',
  status: 401,
}) {}

/** Also what another user's session id gets: a 404 tells nothing of whether it exists. */
export class SessionNotFoundError extends appError({ code: 'SESSIONS.NOT_FOUND', status: 404 }) {
  constructor() {
    super('No such session of this user');
  }
}

/**
 * An administrator has locked this account: no new session until it is unlocked. Told only
 * after the right password (and never for an unknown address): it reveals nothing a successful
 * login would not.
 */
export class AccountLockedError extends appError({
  code: 'SESSIONS.ACCOUNT_LOCKED',
  status: 403,
  type: 'account-locked',
  title: 'This account is locked. Contact an administrator.',
}) {
  constructor() {
    super('The account is locked');
  }
}

/**
 * The password a login verified was changed or reset before its session could start: that login
 * must not outlive the change. Told only to a caller who knew the old password.
 */
export class CredentialChangedError extends appError({
  code: 'SESSIONS.CREDENTIAL_CHANGED',
  status: 401,
  type: 'credentials-changed',
  title: 'The password changed while signing in. Sign in again with the new one.',
}) {
  constructor() {
    super('The credential changed since it was verified');
  }
}
