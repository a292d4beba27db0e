import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { InvalidAccessTokenError } from '../../identity/tokens/tokens.errors.js';
import { MfaEnrolmentRequiredError } from './authentication.errors.js';
import { AccessTokenStrategy } from './access-token.strategy.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import { ALLOWED_DURING_MFA_ENROLMENT } from '../../platform/route-access/mfa-policy.decorators.js';
import { IS_PUBLIC } from '../../platform/route-access/public.decorator.js';

type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/**
 * Global: every route needs a valid access token of a live session unless it is @Public(), and a
 * session that must enrol MFA reaches only @AllowedDuringMfaEnrolment() routes. AuthorizationGuard
 * runs next.
 * Runs this application's strategy object, not a strategy looked up by name in passport's
 * process-wide registry (what @nestjs/passport's AuthGuard does): with two applications in one
 * process, the one created last would otherwise check the other's tokens with its own keys.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: AccessTokenStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.marked(context, IS_PUBLIC)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request);
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

  private authenticate(request: AuthenticatedRequest): Promise<AuthenticatedUser> {
    return new Promise((resolve, reject) => {
      // A fresh object per request, as passport itself does: it attaches per-request callbacks.
      const strategy = Object.create(this.strategy) as AccessTokenStrategy;
      const authenticate = passport.authenticate(
        strategy,
        { session: false },
        (error: unknown, user: AuthenticatedUser | false, info: unknown) => {
          const outcome = userOrRefusal(error, user, info);
          if (outcome instanceof Error) {
            reject(outcome);
          } else {
            resolve(outcome);
          }
        },
      ) as (request: unknown, response: unknown, next: (error?: unknown) => void) => void;
      authenticate(request, undefined, (error) => {
        reject(new InvalidAccessTokenError('access token refused', { cause: error }));
      });
    });
  }
}

/**
 * passport-jwt reports every refusal of the token itself as a failure (`info`): one 401 for all.
 * An error comes from `validate` only: a refused session (401) or a failing dependency, such as
 * the database or Redis, which keeps its own answer rather than telling clients to drop a token.
 */
function userOrRefusal(
  error: unknown,
  user: AuthenticatedUser | false,
  info: unknown,
): AuthenticatedUser | Error {
  if (error !== null && error !== undefined) {
    return error instanceof Error ? error : new Error('authentication failed', { cause: error });
  }
  if (user === false) {
    return new InvalidAccessTokenError('access token refused', { cause: info });
  }
  return user;
}
