import type { NewUser } from '../../src/identity/users/users.repository.js';

/** Satisfies the argon2id CHECK for rows no test logs in with; no password hashes to it. */
export const UNUSABLE_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA';

/** A user row for tests about columns, not credentials. */
export function userWithEmail(email: string): NewUser {
  return { email, passwordHash: UNUSABLE_PASSWORD_HASH, roles: ['user'] };
}
