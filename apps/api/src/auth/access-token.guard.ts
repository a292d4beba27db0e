import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '../http/app-error.js';
import { InvalidAccessTokenError } from '../tokens/tokens.errors.js';
import { ACCESS_TOKEN_STRATEGY } from './access-token.strategy.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { IS_PUBLIC } from './public.decorator.js';

/** Global: every route needs a valid access token of a live session unless it is @Public(). */
@Injectable()
export class AccessTokenGuard extends AuthGuard(ACCESS_TOKEN_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic === true || (super.canActivate(context) as Promise<boolean>);
  }

  /** Every refusal is the same 401; a dependency failure (Redis down) keeps its own answer. */
  override handleRequest<TUser = AuthenticatedUser>(
    error: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    if (error instanceof AppError && !(error instanceof InvalidAccessTokenError)) {
      throw error;
    }
    if (error !== null && error !== undefined) {
      throw error instanceof InvalidAccessTokenError
        ? error
        : new InvalidAccessTokenError('access token refused', { cause: error });
    }
    if (user === false) {
      throw new InvalidAccessTokenError('access token refused', { cause: info });
    }
    return user;
  }
}
