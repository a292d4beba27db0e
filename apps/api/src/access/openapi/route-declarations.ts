import type { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  AUTHORIZATION,
  type AuthorizationDeclaration,
} from '../../platform/route-access/authorization.decorators.js';
import {
  ALLOWED_DURING_MFA_ENROLMENT,
  REQUIRES_RECENT_MFA,
  type RecentMfaPolicy,
} from '../../platform/route-access/mfa-policy.decorators.js';
import { IS_PUBLIC } from '../../platform/route-access/public.decorator.js';
import { REQUIRES_RECENT_AUTHENTICATION } from '../../platform/route-access/recent-authentication.decorator.js';
import { NO_RATE_LIMIT_KEY } from '../../platform/route-access/no-rate-limit.decorator.js';

/** What a route declares about who may call it and how often, as the global guards read it. */
export interface RouteDeclaration {
  readonly isPublic: boolean;
  readonly authorization: AuthorizationDeclaration | undefined;
  readonly allowedDuringMfaEnrolment: boolean;
  readonly recentMfa: RecentMfaPolicy | undefined;
  readonly recentAuthentication: boolean;
  readonly rateLimited: boolean;
}

/**
 * Every route's declaration by its OpenAPI operationId (`Controller_method`, @nestjs/swagger's
 * default), so that the document describes the refusals the guards will actually answer.
 */
export function routeDeclarations(app: INestApplication): Map<string, RouteDeclaration> {
  const reflector = new Reflector();
  const declarations = new Map<string, RouteDeclaration>();
  for (const controller of controllersOf(app)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function' || !Reflect.hasMetadata(PATH_METADATA, handler)) {
        continue;
      }
      const targets = [handler, controller];
      const flag = (key: string): boolean =>
        reflector.getAllAndOverride<boolean | undefined>(key, targets) === true;
      declarations.set(`${controller.name}_${name}`, {
        isPublic: flag(IS_PUBLIC),
        authorization: reflector.getAllAndOverride<AuthorizationDeclaration | undefined>(
          AUTHORIZATION,
          targets,
        ),
        allowedDuringMfaEnrolment: flag(ALLOWED_DURING_MFA_ENROLMENT),
        recentMfa: reflector.getAllAndOverride<RecentMfaPolicy | undefined>(
          REQUIRES_RECENT_MFA,
          targets,
        ),
        recentAuthentication: flag(REQUIRES_RECENT_AUTHENTICATION),
        rateLimited: !flag(NO_RATE_LIMIT_KEY),
      });
    }
  }
  return declarations;
}

function controllersOf(app: INestApplication): Type[] {
  const controllers = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      if (typeof wrapper.metatype === 'function') {
        controllers.add(wrapper.metatype as Type);
      }
    }
  }
  return [...controllers];
}
