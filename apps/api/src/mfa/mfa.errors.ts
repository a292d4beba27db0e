import { AppError } from '../http/app-error.js';

/** A second setup would silently replace the factor in use: disable MFA first. */
export class MfaAlreadyEnabledError extends AppError {
  readonly code = 'MFA.ALREADY_ENABLED';

  constructor() {
    super('MFA is already enabled for this user');
  }
}

export class MfaNotEnabledError extends AppError {
  readonly code = 'MFA.NOT_ENABLED';

  constructor() {
    super('MFA is not enabled for this user');
  }
}

/** Confirmation without a started setup (never started, already confirmed, or disabled since). */
export class NoPendingMfaSetupError extends AppError {
  readonly code = 'MFA.NO_PENDING_SETUP';

  constructor() {
    super('No MFA setup is waiting for confirmation');
  }
}

/** Wrong, malformed, expired or replayed: one answer, the reason is not told. */
export class InvalidMfaCodeError extends AppError {
  readonly code = 'MFA.INVALID_CODE';

  constructor() {
    super('Invalid MFA code');
  }
}
