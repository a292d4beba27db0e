import { MfaService } from '../../src/identity/mfa/mfa.service.js';
import { PasswordHasherService } from '../../src/security/passwords/password-hasher.service.js';
import { SessionService } from '../../src/identity/sessions/session.service.js';
import type { Role } from '../../src/identity/users/user-role.entity.js';
import { UsersRepository } from '../../src/identity/users/users.repository.js';
import { authenticatorCode } from './authenticator.js';
import { GOOD_PASSWORD, uniqueEmail } from './identity.js';
import type { TestApp } from './test-app.js';

export interface CreatedUser {
  readonly id: string;
  readonly email: string;
}

/** A verified account made without HTTP, so that no request of a test's clients is spent. */
export async function createUser(
  api: TestApp,
  roles: Role[] = ['user'],
  label = 'user',
): Promise<CreatedUser> {
  const email = uniqueEmail(label);
  const passwordHash = await api.app.get(PasswordHasherService).hash(GOOD_PASSWORD);
  const user = await api.app
    .get(UsersRepository)
    .create({ email, passwordHash, emailVerifiedAt: new Date(), roles });
  return { id: user.id, email };
}

/** Enrols TOTP for `user` without HTTP; returns its secret. */
export async function enrolMfa(api: TestApp, user: CreatedUser): Promise<string> {
  const mfa = api.app.get(MfaService);
  const { secret } = await mfa.startTotpSetup(user);
  await mfa.confirmTotp(user.id, authenticatorCode(secret, Date.now()));
  return secret;
}

/** An access token of a new session of `user`, that proved a second factor or not. */
export async function sessionToken(
  api: TestApp,
  user: CreatedUser,
  mfaVerified: boolean,
): Promise<string> {
  const session = await api.app
    .get(SessionService)
    .start(
      { userId: user.id, credentialVersion: 0 },
      { ip: null, userAgent: null },
      { verified: mfaVerified, enrolmentRequired: false },
    );
  return session.accessToken;
}

/** An admin with MFA, and an access token of a session that just proved it (admin routes need that). */
export async function signedInAdmin(api: TestApp): Promise<CreatedUser & { accessToken: string }> {
  const admin = await createUser(api, ['user', 'admin'], 'admin');
  await enrolMfa(api, admin);
  return { ...admin, accessToken: await sessionToken(api, admin, true) };
}
