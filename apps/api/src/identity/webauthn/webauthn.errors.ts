import { appError } from '../../platform/errors/app-error.js';

/**
 * Why a ceremony was refused, for the audit trail only: the client is told nothing more than
 * "not valid", which leaves an attacker probing origins or challenges no wiser.
 */
export type PasskeyRefusal =
  | 'no_challenge'
  | 'wrong_challenge'
  | 'wrong_origin'
  | 'wrong_rp_id'
  | 'user_not_verified'
  | 'unknown_credential'
  | 'another_users_credential'
  | 'counter_regression'
  | 'attestation_required'
  | 'invalid_response';

/** An assertion refused: unknown, replayed, expired, for another origin or user, or forged. */
export class PasskeyRejectedError extends appError({
  code: 'PASSKEYS.REJECTED',
  status: 401,
  type: 'passkey-rejected',
  title: 'The passkey response is not valid.',
  detail: 'Ask for new options and try again.',
}) {
  constructor(
    readonly refusal: PasskeyRefusal,
    readonly userId?: string,
  ) {
    super(`Passkey assertion refused: ${refusal}`);
  }
}

/** A registration refused, for the same reasons; the passkey was not added. */
export class PasskeyRegistrationRejectedError extends appError({
  code: 'PASSKEYS.REGISTRATION_REJECTED',
  status: 400,
  type: 'passkey-registration-rejected',
  title: 'The passkey registration is not valid.',
  detail: 'Ask for new registration options and try again.',
}) {
  constructor(readonly refusal: PasskeyRefusal) {
    super(`Passkey registration refused: ${refusal}`);
  }
}

/** The authenticator's credential is registered already (to this account or another). */
export class PasskeyAlreadyRegisteredError extends appError({
  code: 'PASSKEYS.ALREADY_REGISTERED',
  status: 409,
  type: 'passkey-already-registered',
  title: 'This passkey is registered already.',
}) {
  constructor() {
    super('Credential id already registered');
  }
}

/** Missing, or another user's: the same answer (404). */
export class PasskeyNotFoundError extends appError({
  code: 'PASSKEYS.NOT_FOUND',
  status: 404,
  type: 'passkey-not-found',
  title: 'No such passkey.',
}) {
  constructor() {
    super('Passkey not found');
  }
}
