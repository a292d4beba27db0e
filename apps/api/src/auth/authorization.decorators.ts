import { SetMetadata } from '@nestjs/common';

export const AUTHORIZATION = 'bulwark:authorization';

/**
 * How a route decides who may use it. Every route declares one (or is @Public()); the
 * application refuses to boot otherwise (RouteDeclarationCheck), so none is open by omission.
 */
export type AuthorizationDeclaration = 'authenticated' | `owner:${string}`;

/** Any signed-in user, acting on their own account or sessions. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTHORIZATION, 'authenticated' satisfies AuthorizationDeclaration);

/**
 * Objects of `resource` owned by the caller: the service scopes every query by owner, and another
 * user's object answers 404.
 */
export const OwnerScoped = (resource: string): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTHORIZATION, `owner:${resource}` satisfies AuthorizationDeclaration);
