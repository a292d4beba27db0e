import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import type { AccountsConfig } from './accounts.config.js';
import type { MfaConfig } from '../mfa/mfa.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import {
  SessionService,
  type ClientInfo,
  type SessionTokens,
} from '../sessions/session.service.js';
import { MfaService } from '../mfa/mfa.service.js';
import { refuseLockedAccount } from '../sessions/locked-account.js';
import { UsersRepository } from '../users/users.repository.js';
import { EmailNotVerifiedError, InvalidCredentialsError } from './accounts.errors.js';
import { MfaLoginService, type MfaChallengeResponse } from '../mfa/mfa-login.service.js';
import { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly accounts: AccountsConfig; readonly mfa: MfaConfig };

@Injectable()
export class LoginService {
  constructor(
    private readonly authenticator: PasswordAuthenticator,
    private readonly sessions: SessionService,
    private readonly mfa: MfaService,
    private readonly mfaLogins: MfaLoginService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  /**
   * A new session for the right password of a verified account, or, when the account has MFA, a
   * challenge for the second step. A user whose role requires MFA and who has none gets a session
   * that may only enrol.
   * @throws InvalidCredentialsError, LoginLockedError, EmailNotVerifiedError, AccountLockedError,
   *   PasswordHashingBusyError
   */
  async login(
    email: string,
    password: string,
    client: ClientInfo,
  ): Promise<SessionTokens | MfaChallengeResponse> {
    const user = await this.authenticator.authenticate({
      email,
      password,
      failureEvent: 'authn_login_fail',
    });
    if (user === undefined) {
      throw new InvalidCredentialsError();
    }
    if (this.config.accounts.requireVerifiedEmail && user.emailVerifiedAt === null) {
      throw new EmailNotVerifiedError();
    }
    // Before the MFA challenge, so a locked account gets no second step; SessionService.start
    // refuses too, for a lock that lands between the two steps.
    await refuseLockedAccount(this.audit, user);
    const credential = { userId: user.id, credentialVersion: user.credentialVersion };
    const methods = await this.mfa.methodsOf(user.id);
    if (methods.length > 0) {
      return this.mfaLogins.challenge(credential, methods);
    }
    const roles = await this.users.rolesOf(user.id);
    const { sessionId, ...tokens } = await this.sessions.start(credential, client, {
      verified: false,
      enrolmentRequired: roles.some((role) => this.config.mfa.requiredRoles.includes(role)),
    });
    RequestContext.identify(user.id, sessionId);
    await this.audit.record({
      event: 'authn_login_success',
      outcome: 'success',
      actor: user.id,
      target: `session:${sessionId}`,
      metadata: { method: 'password' },
    });
    return tokens;
  }
}
