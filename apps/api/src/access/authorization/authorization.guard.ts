import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../../security/audit/audit.service.js';
import type { SessionsConfig } from '../../identity/sessions/sessions.config.js';
import type { MfaConfig } from '../../identity/mfa/mfa.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import {
  MfaEnrolmentRequiredError,
  PermissionDeniedError,
  ReauthenticationRequiredError,
  StepUpRequiredError,
} from '../authentication/authentication.errors.js';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import {
  AUTHORIZATION,
  type AuthorizationDeclaration,
} from '../../platform/route-access/authorization.decorators.js';
import {
  REQUIRES_RECENT_MFA,
  type RecentMfaPolicy,
} from '../../platform/route-access/mfa-policy.decorators.js';
import { REQUIRES_RECENT_AUTHENTICATION } from '../../platform/route-access/recent-authentication.decorator.js';
import { IS_PUBLIC } from '../../platform/route-access/public.decorator.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly sessions: SessionsConfig; readonly mfa: MfaConfig };

/**
 * Global, after AccessTokenGuard: the route's permissions (those of the caller's principal, read
 * from the database and cached per session until PrincipalInvalidation drops it, so a revoked role
 * stops working on the next request, whatever tokens are out there), then its MFA policy. Permissions come first so that a caller without them is refused, and recorded, as such.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true) {
      return true;
    }
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user: AuthenticatedUser }>();
    const declaration = this.reflector.getAllAndOverride<AuthorizationDeclaration | undefined>(
      AUTHORIZATION,
      targets,
    );
    if (declaration?.kind === 'permissions') {
      await this.requirePermissions(request, declaration.permissions);
    }
    const mfaPolicy = this.reflector.getAllAndOverride<RecentMfaPolicy | undefined>(
      REQUIRES_RECENT_MFA,
      targets,
    );
    if (mfaPolicy !== undefined) {
      this.requireRecentMfa(request.user, mfaPolicy);
    }
    if (
      this.reflector.getAllAndOverride<boolean | undefined>(REQUIRES_RECENT_AUTHENTICATION, targets)
    ) {
      await this.requireRecentAuthentication(request);
    }
    return true;
  }

  /** A password (at login or re-authentication) or a second factor, proved recently enough. */
  private async requireRecentAuthentication(
    request: FastifyRequest & { user: AuthenticatedUser },
  ): Promise<void> {
    const { authenticatedAt, mfaVerifiedAt } = request.user;
    const maxAgeMs = this.config.sessions.reauthenticationMaxAgeSeconds * 1000;
    if (Date.now() - Math.max(authenticatedAt, mfaVerifiedAt ?? 0) <= maxAgeMs) {
      return;
    }
    await this.audit.record({
      event: 'authz_fail',
      outcome: 'failure',
      target: `${request.method} ${request.routeOptions.url ?? ''}`,
      metadata: { reason: 'reauthentication_required' },
    });
    throw new ReauthenticationRequiredError();
  }

  private async requirePermissions(
    request: FastifyRequest & { user: AuthenticatedUser },
    required: readonly string[],
  ): Promise<void> {
    const granted = request.user.permissions;
    const missing = required.filter((permission) => !granted.includes(permission));
    if (missing.length > 0) {
      await this.audit.record({
        event: 'authz_fail',
        outcome: 'failure',
        target: `${request.method} ${request.routeOptions.url ?? ''}`,
        metadata: { missing },
      });
      throw new PermissionDeniedError();
    }
  }

  /** `if-enrolled`: users without MFA have nothing to step up with; `always`: MFA is a must. */
  private requireRecentMfa(user: AuthenticatedUser, policy: RecentMfaPolicy): void {
    if (policy === 'always' && !user.mfaEnabled) {
      throw new MfaEnrolmentRequiredError();
    }
    const maxAgeMs = this.config.mfa.stepUpMaxAgeSeconds * 1000;
    if (user.mfaVerifiedAt !== null && Date.now() - user.mfaVerifiedAt <= maxAgeMs) {
      return;
    }
    if (policy === 'always' || user.mfaEnabled) {
      throw new StepUpRequiredError();
    }
  }
}
