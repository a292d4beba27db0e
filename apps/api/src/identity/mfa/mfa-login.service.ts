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

/** At most 5 minutes between the password and the second factor. */
const CHALLENGE_TTL_SECONDS = 300;

export interface MfaChallengeResponse {
  readonly mfaRequired: true;
  /** Opaque (`bmt_…`), single use, for POST /auth/mfa/verify only: never a bearer token. */
  readonly mfaToken: string;
  readonly methods: readonly ('totp' | 'recovery_code')[];
}

export type MfaLoginTokens = SessionTokens & { readonly recoveryCodesRemaining?: number };

/** The second step of a login: a challenge from the password step, then a factor, then a session. */
@Injectable()
export class MfaLoginService {
  constructor(
    private readonly challenges: MfaChallengesRepository,
    private readonly codes: MfaCodeChecker,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Issued only after the right password: the challenge binds the second step to that user and
   * to the credential version the password step verified.
   */
  async challenge(credential: VerifiedCredential): Promise<MfaChallengeResponse> {
    const token = generateOpaqueToken('mfaChallenge');
    await this.challenges.create(
      token.hash,
      credential,
      new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000),
    );
    return { mfaRequired: true, mfaToken: token.value, methods: ['totp', 'recovery_code'] };
  }

  /**
   * A wrong code leaves the challenge usable until it expires (the per-user limit bounds the
   * guesses); the right one uses it up, and of two concurrent uses only one gets a session.
   * @throws InvalidMfaChallengeError, InvalidMfaCodeError, LoginLockedError
   */
  async verify(mfaToken: string, proof: MfaProof, client: ClientInfo): Promise<MfaLoginTokens> {
    const hash = opaqueTokenHash('mfaChallenge', mfaToken);
    const credential = hash === undefined ? undefined : await this.challenges.findUsable(hash);
    if (hash === undefined || credential === undefined) {
      throw new InvalidMfaChallengeError();
    }
    const { userId } = credential;
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
}
