import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling, once the access token and its session have been checked. */
export interface AuthenticatedUser {
  readonly userId: string;
  readonly sessionId: string;
  /** When this session began with a proof of the password (epoch ms). */
  readonly authenticatedAt: number;
  /** When this session last proved a second factor (epoch ms); null: never. */
  readonly mfaVerifiedAt: number | null;
  /** Only MFA enrolment is allowed until the user enrols (their role requires MFA). */
  readonly mfaEnrolmentRequired: boolean;
  /** When this session ends at the latest (epoch ms). */
  readonly expiresAt: number;
  /** The user's roles, sorted, from the database (cached per session) like what they grant. */
  readonly roles: readonly string[];
  /** What the user's roles grant, from the database (cached per session), never from the token. */
  readonly permissions: readonly string[];
  /** The user has a confirmed second factor. */
  readonly mfaEnabled: boolean;
}

/** The caller of an authenticated route, as set by AccessTokenGuard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser =>
    context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user,
);
