import { Injectable } from '@nestjs/common';
import { AuditService } from '../../security/audit/audit.service.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import {
  SessionService,
  type ClientInfo,
  type SessionTokens,
  type VerifiedCredential,
} from '../sessions/session.service.js';
import { generateOpaqueToken, opaqueTokenHash } from '../../security/opaque-tokens/opaque-token.js';
import { InvalidMfaChallengeError } from './mfa.errors.js';
import { MfaChallengesRepository } from './mfa-challenges.repository.js';
import { MfaCodeChecker, type MfaProof } from './mfa-code-checker.service.js';
import type { MfaMethod } from './mfa.service.js';
import { MfaService } from './mfa.service.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { WebAuthnService } from '../webauthn/webauthn.service.js';

/** At most 5 minutes between the password and the second factor. */
const CHALLENGE_TTL_SECONDS = 300;

export interface MfaChallengeResponse {
  readonly mfaRequired: true;
  /** Opaque (`bmt_…`), single use, for POST /auth/mfa/verify only: never a bearer token. */
  readonly mfaToken: string;
  readonly methods: readonly MfaMethod[];
}

/** The second factor as the client sends it: a passkey assertion answers the options of this login. */
export type MfaAnswer =
  | { readonly code: string }
  | { readonly recoveryCode: string }
  | { readonly passkey: AuthenticationResponseJSON };

export type MfaLoginTokens = SessionTokens & { readonly recoveryCodesRemaining?: number };

/** The second step of a login: a challenge from the password step, then a factor, then a session. */
@Injectable()
export class MfaLoginService {
  constructor(
    private readonly challenges: MfaChallengesRepository,
    private readonly codes: MfaCodeChecker,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
    private readonly webauthn: WebAuthnService,
  ) {}

  /**
   * Issued only after the right password: the challenge binds the second step to that user and
   * to the credential version the password step verified.
   */
  async challenge(
    credential: VerifiedCredential,
    methods: readonly MfaMethod[],
  ): Promise<MfaChallengeResponse> {
    const token = generateOpaqueToken('mfaChallenge');
    await this.challenges.create(
      token.hash,
      credential,
      new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    );
    return { mfaRequired: true, mfaToken: token.value, methods };
  }

  /**
   * Options for answering this login's challenge with one of the user's passkeys; the WebAuthn
   * challenge is bound to the mfaToken, so only this login can use the assertion.
   * @throws InvalidMfaChallengeError
   */
  async passkeyOptions(mfaToken: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { hash, credential } = await this.usable(mfaToken);
    const passkeys = await this.mfa.listPasskeys(credential.userId);
    return this.webauthn.authenticationOptions(
      { kind: 'second-factor', tokenHash: hash },
      passkeys,
    );
  }

  /**
   * A wrong code leaves the challenge usable until it expires (the per-user limit bounds the
   * guesses); the right one uses it up, and of two concurrent uses only one gets a session.
   * @throws InvalidMfaChallengeError, InvalidMfaCodeError, PasskeyRejectedError, LoginLockedError
   */
  async verify(mfaToken: string, answer: MfaAnswer, client: ClientInfo): Promise<MfaLoginTokens> {
    const { hash, credential } = await this.usable(mfaToken);
    const { userId } = credential;
    const proof: MfaProof =
      'passkey' in answer
        ? { passkey: answer.passkey, binding: { kind: 'second-factor', tokenHash: hash } }
        : answer;
    const checked = await this.codes.check(userId, proof, 'authn_login_fail');
    if (!(await this.challenges.consume(hash))) {
      throw new InvalidMfaChallengeError();
    }
    const { sessionId, ...tokens } = await this.sessions.start(credential, client, {
      verified: true,
      enrolmentRequired: false,
    });
    RequestContext.identify(userId, sessionId);
    await this.audit.record({
      event: 'authn_login_success',
      outcome: 'success',
      actor: userId,
      target: `session:${sessionId}`,
      metadata: {
        method: `password+${checked.factor}`,
        ...(checked.recoveryCodesRemaining !== undefined && {
          codesRemaining: checked.recoveryCodesRemaining,
        }),
      },
    });
    return checked.recoveryCodesRemaining === undefined
      ? tokens
      : { ...tokens, recoveryCodesRemaining: checked.recoveryCodesRemaining };
  }

  /** @throws InvalidMfaChallengeError */
  private async usable(
    mfaToken: string,
  ): Promise<{ hash: string; credential: VerifiedCredential }> {
    const hash = opaqueTokenHash('mfaChallenge', mfaToken);
    const credential = hash === undefined ? undefined : await this.challenges.findUsable(hash);
    if (hash === undefined || credential === undefined) {
      throw new InvalidMfaChallengeError();
    }
    return { hash, credential };
  }
}
