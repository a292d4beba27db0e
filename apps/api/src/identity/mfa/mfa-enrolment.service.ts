import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import type { MfaConfig } from './mfa.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { MfaService, type TotpSetup } from './mfa.service.js';
import {
  SessionService,
  type ClientInfo,
  type SessionTokens,
} from '../sessions/session.service.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { CurrentPasswordIncorrectError } from '../credentials/credentials.errors.js';
import { MfaRequiredByRoleError } from './mfa.errors.js';
import { MfaCodeChecker } from './mfa-code-checker.service.js';
import { PasswordAuthenticator } from '../credentials/password-authenticator.service.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { WebAuthnService } from '../webauthn/webauthn.service.js';

/** A second factor proved again: a TOTP code, or a passkey assertion for this session's options. */
export type StepUpAnswer =
  { readonly code: string } | { readonly passkey: AuthenticationResponseJSON };

/** The configuration sections this file reads. */
type SectionsRead = { readonly mfa: MfaConfig };

/** Enrolling, renewing and removing a user's second factor, and stepping up a session with it. */
@Injectable()
export class MfaEnrolmentService {
  constructor(
    private readonly mfa: MfaService,
    private readonly codes: MfaCodeChecker,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordAuthenticator,
    private readonly webauthn: WebAuthnService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  /** @throws MfaAlreadyEnabledError */
  async startTotp(caller: AuthenticatedUser): Promise<TotpSetup> {
    return this.mfa.startTotpSetup({ id: caller.userId, email: (await this.userOf(caller)).email });
  }

  /**
   * Activates TOTP; the code just proved counts as this session's second factor, which also ends
   * an enrolment-only session's restriction.
   * @throws NoPendingMfaSetupError, InvalidMfaCodeError
   */
  async confirmTotp(caller: AuthenticatedUser, code: string): Promise<string[]> {
    const recoveryCodes = await this.mfa.confirmTotp(caller.userId, code);
    await this.sessions.markMfaVerified(caller.sessionId);
    return recoveryCodes;
  }

  /** @throws InvalidMfaCodeError, LoginLockedError, MfaNotEnabledError */
  async regenerateRecoveryCodes(caller: AuthenticatedUser, code: string): Promise<string[]> {
    await this.codes.check(caller.userId, { code }, 'authz_fail');
    return this.mfa.regenerateRecoveryCodes(caller.userId);
  }

  /** Options for a step-up with one of the caller's passkeys, bound to this session. */
  async stepUpPasskeyOptions(
    caller: AuthenticatedUser,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = await this.mfa.listPasskeys(caller.userId);
    return this.webauthn.authenticationOptions(
      { kind: 'step-up', sessionId: caller.sessionId },
      passkeys,
    );
  }

  /**
   * A second factor proved again, for the routes that require a recent one: a new session with
   * new tokens replaces the caller's (ASVS 7.2.4).
   * @throws InvalidMfaCodeError, PasskeyRejectedError, LoginLockedError
   */
  async stepUp(
    caller: AuthenticatedUser,
    answer: StepUpAnswer,
    client: ClientInfo,
  ): Promise<SessionTokens> {
    const binding = { kind: 'step-up', sessionId: caller.sessionId } as const;
    await this.codes.check(
      caller.userId,
      'passkey' in answer ? { passkey: answer.passkey, binding } : answer,
      'authz_fail',
    );
    const user = await this.userOf(caller);
    const credential = { userId: user.id, credentialVersion: user.credentialVersion };
    const { sessionId, ...tokens } = await this.sessions.replace(caller, credential, client, true);
    RequestContext.identify(user.id, sessionId);
    return tokens;
  }

  /**
   * Needs the password and a current code: a stolen session alone cannot remove the factor.
   * Refused while a role of the user requires MFA.
   * @throws CurrentPasswordIncorrectError, InvalidMfaCodeError, LoginLockedError, MfaRequiredByRoleError
   */
  async disable(caller: AuthenticatedUser, password: string, code: string): Promise<void> {
    const user = await this.userOf(caller);
    const roles = await this.users.rolesOf(user.id);
    if (roles.some((role) => this.config.mfa.requiredRoles.includes(role))) {
      throw new MfaRequiredByRoleError();
    }
    const authenticated = await this.passwords.authenticate({
      email: user.email,
      password,
      failureEvent: 'authz_fail',
    });
    if (authenticated?.id !== user.id) {
      throw new CurrentPasswordIncorrectError();
    }
    await this.codes.check(user.id, { code }, 'authz_fail');
    await this.mfa.disable(user.id);
  }

  private async userOf(caller: AuthenticatedUser): Promise<User> {
    const user = await this.users.findById(caller.userId);
    if (user === null) {
      throw new InvalidAccessTokenError('the user of this session no longer exists');
    }
    return user;
  }
}
