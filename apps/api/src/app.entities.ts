import { AccountToken } from './accounts/account-token.entity.js';
import { MfaChallenge } from './accounts/mfa-challenge.entity.js';
import { MfaRecoveryCode } from './mfa/mfa-recovery-code.entity.js';
import { MfaTotp } from './mfa/mfa-totp.entity.js';
import { Note } from './notes/note.entity.js';
import { RefreshToken } from './sessions/refresh-token.entity.js';
import { Session } from './sessions/session.entity.js';
import { UserRole } from './users/user-role.entity.js';
import { User } from './users/user.entity.js';

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
  Note,
];
