import { applyDecorators, SetMetadata } from '@nestjs/common';
import { REQUIRES_RECENT_MFA, type RecentMfaPolicy } from './mfa-policy.decorators.js';

export const AUTHORIZATION = 'bulwark:authorization';

/** The permissions of the API contract, as `resource:action`; the database seeds the same names. */
export const PERMISSIONS = ['audit:read', 'users:read', 'users:manage'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * How a route decides who may use it. Every route declares one (or is @Public()); the
 * application refuses to boot otherwise (RouteDeclarationCheck), so none is open by omission.
 */
export type AuthorizationDeclaration =
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'owner'; readonly resource: string }
  | { readonly kind: 'permissions'; readonly permissions: readonly Permission[] };

/** Any signed-in user, acting on their own account or sessions. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTHORIZATION, { kind: 'authenticated' } satisfies AuthorizationDeclaration);

/**
 * Objects of `resource` owned by the caller. Only on such a route does @CurrentOwner() give an
 * Owner, and an OwnedRepository serves only the resource named here (access/ownership): every
 * query carries the caller's ownership condition, and another user's object answers 404.
 */
export const OwnerScoped = (resource: string): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTHORIZATION, { kind: 'owner', resource } satisfies AuthorizationDeclaration);

/**
 * Callers whose roles grant every one of `permissions`, read from the database on each request
 * (a role change applies to the next request, whatever the token says). These routes also need
 * MFA enabled and proved in this session recently: a stolen password alone never reaches them.
 */
export const RequirePermissions = (
  ...permissions: [Permission, ...Permission[]]
): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTHORIZATION, {
      kind: 'permissions',
      permissions,
    } satisfies AuthorizationDeclaration),
    SetMetadata(REQUIRES_RECENT_MFA, 'always' satisfies RecentMfaPolicy),
  );
