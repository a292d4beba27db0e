import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { SessionService } from '../../identity/sessions/session.service.js';
import { AccessTokenService } from '../../identity/tokens/access-token.service.js';
import { InvalidAccessTokenError } from '../../identity/tokens/tokens.errors.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';

export const ACCESS_TOKEN_STRATEGY = 'access-token';

/**
 * passport-jwt with the verification pinned by AccessTokenService (ES256, our keys by `kid`,
 * `at+jwt` only, issuer, audience, expiry), from the Authorization header only: a token in a query
 * string ends up in proxy logs and browser history. A valid signature is not enough: the session
 * it names must still be live, so logout and revocation take effect on the next request.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, ACCESS_TOKEN_STRATEGY) {
  constructor(
    private readonly accessTokens: AccessTokenService,
    private readonly sessions: SessionService,
  ) {
    const { clockTolerance, ...verification } = accessTokens.verifyOptions();
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, token: string, done) => {
        try {
          // @types/passport-jwt predates KeyObject; passport-jwt hands the key to
          // jsonwebtoken.verify unchanged, which takes a KeyObject (no PEM parse per request).
          done(null, accessTokens.verificationKeyFor(token) as unknown as Buffer);
        } catch (error) {
          done(error);
        }
      },
      ...verification,
      // Deprecated only as a way to pass the options above; it is the one way to pass a clock skew.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      jsonWebTokenOptions: { clockTolerance },
    });
  }

  /**
   * The mixin registers the strategy on what this returns: a private registry, since
   * AccessTokenGuard runs this object itself and never looks a strategy up by name.
   */
  getPassportInstance(): passport.Authenticator {
    return new passport.Passport();
  }

  async validate(payload: unknown): Promise<AuthenticatedUser> {
    const { userId, sessionId } = this.accessTokens.claimsOf(payload);
    const session = await this.sessions.activeSession(sessionId);
    if (session?.userId !== userId) {
      throw new InvalidAccessTokenError('the session of this access token has ended');
    }
    RequestContext.identify(userId, sessionId);
    return {
      userId,
      sessionId,
      authenticatedAt: session.authenticatedAt,
      mfaVerifiedAt: session.mfaVerifiedAt,
      mfaEnrolmentRequired: session.mfaEnrolmentRequired,
    };
  }
}
