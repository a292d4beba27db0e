import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling, once the access token and its session have been checked. */
export interface AuthenticatedUser {
  readonly userId: string;
  readonly sessionId: string;
}

/** The caller of an authenticated route, as set by AccessTokenGuard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
