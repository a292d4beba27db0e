import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { SessionService } from '../../identity/sessions/session.service.js';
import { AccessTokenService } from '../../identity/tokens/access-token.service.js';
import { InvalidAccessTokenError } from '../../identity/tokens/tokens.errors.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { MfaEnrolmentRequiredError } from './authentication.errors.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import { ALLOWED_DURING_MFA_ENROLMENT } from '../../platform/route-access/mfa-policy.decorators.js';
import { IS_PUBLIC } from '../../platform/route-access/public.decorator.js';

type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/** `Authorization: Bearer <token>`, the scheme in any case (RFC 7235), nothing after the token. */
const BEARER = /^bearer\s+(\S+)\s*$/i;

/**
 * Global: every route needs a valid access token of a live session unless it is @Public(), and a
 * session that must enrol MFA reaches only @AllowedDuringMfaEnrolment() routes. AuthorizationGuard
 * runs next. The token comes from the Authorization header only (one in a query string ends up in
 * proxy logs and browser history); AccessTokenService verifies it. A valid signature is not enough:
 * the session it names must still be live, so logout and revocation take effect on the next request.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly sessions: SessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.marked(context, IS_PUBLIC)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request.headers.authorization);
    request.user = user;
    if (user.mfaEnrolmentRequired && !this.marked(context, ALLOWED_DURING_MFA_ENROLMENT)) {
      throw new MfaEnrolmentRequiredError();
    }
    return true;
  }

  private marked(context: ExecutionContext, key: string): boolean {
    const value = this.reflector.getAllAndOverride<boolean | undefined>(key, [
      context.getHandler(),
      context.getClass(),
    ]);
    return value === true;
  }

  /**
   * Every refusal of the token itself is one 401. A failing dependency of the session check (the
   * database, Redis) keeps its own answer rather than telling clients to drop a good token.
   */
  private async authenticate(authorization: string | undefined): Promise<AuthenticatedUser> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) {
      throw new InvalidAccessTokenError('no bearer access token');
    }
    const { userId, sessionId } = this.accessTokens.verify(token);
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
      expiresAt: session.expiresAt,
      roles: session.roles,
      permissions: session.permissions,
      mfaEnabled: session.mfaEnabled,
    };
  }
}
