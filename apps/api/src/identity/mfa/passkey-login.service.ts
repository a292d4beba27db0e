import { Injectable } from '@nestjs/common';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { AuditService } from '../../security/audit/audit.service.js';
import { generateOpaqueToken, opaqueTokenHash } from '../../security/opaque-tokens/opaque-token.js';
import {
  SessionService,
  type ClientInfo,
  type SessionTokens,
} from '../sessions/session.service.js';
import { refuseLockedAccount } from '../sessions/locked-account.js';
import { UsersRepository } from '../users/users.repository.js';
import { PasskeyRejectedError } from '../webauthn/webauthn.errors.js';
import { WebAuthnService } from '../webauthn/webauthn.service.js';

export interface PasskeySignInOptions {
  /** Opaque (`bps_…`): names this attempt, whose challenge only its answer may use. */
  readonly attemptToken: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * Passwordless sign-in with a discoverable passkey: options that name no account (so they reveal
 * none), then the assertion, which says whose passkey it is. A passkey made with user verification
 * is possession and PIN or biometric at once: the session counts as verified with MFA.
 */
@Injectable()
export class PasskeyLoginService {
  constructor(
    private readonly webauthn: WebAuthnService,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async options(): Promise<PasskeySignInOptions> {
    const attempt = generateOpaqueToken('passkeySignIn');
    const options = await this.webauthn.authenticationOptions({
      kind: 'sign-in',
      tokenHash: attempt.hash,
    });
    return { attemptToken: attempt.value, options };
  }

  /** @throws PasskeyRejectedError, AccountLockedError, CredentialChangedError */
  async signIn(
    attemptToken: string,
    response: AuthenticationResponseJSON,
    client: ClientInfo,
  ): Promise<SessionTokens> {
    const tokenHash = opaqueTokenHash('passkeySignIn', attemptToken);
    const passkey = await (
      tokenHash === undefined
        ? Promise.reject(new PasskeyRejectedError('no_challenge'))
        : this.webauthn.verifyAuthentication({ kind: 'sign-in', tokenHash }, response)
    ).catch(async (error: unknown) => {
      if (error instanceof PasskeyRejectedError) {
        await this.audit.record({
          event: 'authn_login_fail',
          outcome: 'failure',
          actor: error.userId,
          target: error.userId === undefined ? undefined : `user:${error.userId}`,
          metadata: { reason: 'passkey_rejected', refusal: error.refusal },
        });
      }
      throw error;
    });
    const user = await this.users.findById(passkey.userId);
    if (user === null) {
      throw new PasskeyRejectedError('unknown_credential');
    }
    await refuseLockedAccount(this.audit, user);
    const credential = { userId: user.id, credentialVersion: user.credentialVersion };
    const { sessionId, ...tokens } = await this.sessions.start(credential, client, {
      verified: true,
      enrolmentRequired: false,
    });
    RequestContext.identify(user.id, sessionId);
    await this.audit.record({
      event: 'authn_login_success',
      outcome: 'success',
      actor: user.id,
      target: `session:${sessionId}`,
      metadata: { method: 'passkey', passkeyId: passkey.id },
    });
    return tokens;
  }
}
