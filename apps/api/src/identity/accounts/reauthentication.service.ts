import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import {
  SessionService,
  type ClientInfo,
  type SessionTokens,
} from '../sessions/session.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { CurrentPasswordIncorrectError } from '../credentials/credentials.errors.js';
import { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';

/**
 * A signed-in user proves the password again before the routes that add a factor or end
 * sessions. The proof gets a new session (new tokens) and ends the old one (ASVS 7.2.4).
 */
@Injectable()
export class ReauthenticationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordAuthenticator,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /** @throws CurrentPasswordIncorrectError, LoginLockedError, PasswordHashingBusyError */
  async reauthenticate(
    caller: AuthenticatedUser,
    password: string,
    client: ClientInfo,
  ): Promise<SessionTokens> {
    const user = await this.users.findById(caller.userId);
    if (user === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    const authenticated = await this.passwords.authenticate({
      email: user.email,
      password,
      failureEvent: 'authn_login_fail',
    });
    if (authenticated?.id !== user.id) {
      throw new CurrentPasswordIncorrectError();
    }
    const credential = { userId: user.id, credentialVersion: authenticated.credentialVersion };
    const { sessionId, ...tokens } = await this.sessions.replace(caller, credential, client, false);
    RequestContext.identify(user.id, sessionId);
    await this.audit.record({
      event: 'authn_login_success',
      outcome: 'success',
      actor: user.id,
      target: `session:${sessionId}`,
      metadata: { method: 'password', reauthentication: true, replaced: caller.sessionId },
    });
    return tokens;
  }
}
