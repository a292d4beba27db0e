import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '../../platform/route-access/authenticated-user.js';
import {
  AUTHORIZATION,
  type AuthorizationDeclaration,
} from '../../platform/route-access/authorization.decorators.js';

/** A programming error: owner-scoped data reached from a route that does not declare it. */
export class OwnershipMisuseError extends Error {
  override readonly name = 'OwnershipMisuseError';
}

/**
 * The caller, acting as the owner of `resource` objects on a route declared
 * `@OwnerScoped(resource)`. Only {@link CurrentOwner} makes one, from the authenticated session:
 * an owner id never comes from a path, a query or a body.
 */
export class Owner {
  private constructor(
    readonly userId: string,
    readonly resource: string,
  ) {}

  /** @throws OwnershipMisuseError on a route not declared @OwnerScoped, or before authentication */
  static ofRequest(context: ExecutionContext): Owner {
    const declaration = [context.getHandler(), context.getClass()]
      .map((target) => Reflect.getMetadata(AUTHORIZATION, target) as unknown)
      .find((found) => found !== undefined) as AuthorizationDeclaration | undefined;
    if (declaration?.kind !== 'owner') {
      throw new OwnershipMisuseError('@CurrentOwner() is for routes declared @OwnerScoped(…)');
    }
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user === undefined) {
      throw new OwnershipMisuseError('@CurrentOwner() before authentication');
    }
    return new Owner(user.userId, declaration.resource);
  }
}

/** The caller as the owner of the resource its route is declared @OwnerScoped for. */
export const CurrentOwner = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  Owner.ofRequest(context),
);
