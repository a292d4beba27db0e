import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MfaService } from '../mfa/mfa.service.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { MfaEnrolmentRequiredError, StepUpRequiredError } from './auth.errors.js';
import { AccessTokenStrategy } from './access-token.strategy.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { ALLOWED_DURING_MFA_ENROLMENT, REQUIRES_RECENT_MFA } from './mfa-policy.decorators.js';
import { IS_PUBLIC } from './public.decorator.js';

type AuthenticatedRequest = FastifyRequest & { user?: AuthenticatedUser };

/**
 * Global: every route needs a valid access token of a live session unless it is @Public(). Then
 * the MFA policy: a session that must enrol reaches only @AllowedDuringMfaEnrolment() routes, and
 * @RequiresRecentMfa() routes need a second factor proved recently in this session.
 * Runs this application's strategy object, not a strategy looked up by name in passport's
 * process-wide registry (what @nestjs/passport's AuthGuard does): with two applications in one
 * process, the one created last would otherwise check the other's tokens with its own keys.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: AccessTokenStrategy,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    if (this.marked(context, REQUIRES_RECENT_MFA) && !(await this.recentlyVerified(user))) {
      throw new StepUpRequiredError();
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

  /** Users without MFA have nothing to step up with; with MFA, the proof must be recent. */
  private async recentlyVerified(user: AuthenticatedUser): Promise<boolean> {
    const maxAgeMs = this.config.mfa.stepUpMaxAgeSeconds * 1000;
    if (user.mfaVerifiedAt !== null && Date.now() - user.mfaVerifiedAt <= maxAgeMs) {
      return true;
    }
    return !(await this.mfa.isEnabled(user.userId));
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
