import { AccountToken } from './identity/accounts/account-token.entity.js';
import { MfaChallenge } from './identity/mfa/mfa-challenge.entity.js';
import { MfaRecoveryCode } from './identity/mfa/mfa-recovery-code.entity.js';
import { MfaTotp } from './identity/mfa/mfa-totp.entity.js';
import { RefreshToken } from './identity/sessions/refresh-token.entity.js';
import { Session } from './identity/sessions/session.entity.js';
import { Passkey } from './identity/webauthn/passkey.entity.js';
import { UserRole } from './identity/users/user-role.entity.js';
import { User } from './identity/users/user.entity.js';
import { RESOURCE_MODULES } from './resources/resources.js';

/**
 * Every entity of the application. The API and the CLI open the database with this one list, so
 * that key rotation sees every encrypted column; an entity class left out of it stops the boot.
 */
export const APP_ENTITIES = [
  User,
  UserRole,
  Session,
  RefreshToken,
  AccountToken,
  MfaChallenge,
  MfaTotp,
  MfaRecoveryCode,
  Passkey,
  ...RESOURCE_MODULES.flatMap((resource) => resource.entities),
];
