import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  AUTHORIZATION,
  type AuthorizationDeclaration,
} from '../platform/route-access/authorization.decorators.js';
import { IS_PUBLIC } from '../platform/route-access/public.decorator.js';

/**
 * Default deny at boot: a route that declares neither @Public() nor an authorization
 * (@Authenticated(), @OwnerScoped(…), @RequirePermissions(…)) stops the application from starting, in every environment,
 * rather than being served open or closed by accident.
 */
@Injectable()
export class RouteDeclarationCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = this.discovery.getControllers().flatMap(({ instance, metatype }) => {
      if (metatype === null) {
        return [];
      }
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || !this.isRoute(handler)) {
          return [];
        }
        const targets = [handler, metatype];
        const declared =
          this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true ||
          this.reflector.getAllAndOverride<AuthorizationDeclaration | undefined>(
            AUTHORIZATION,
            targets,
          ) !== undefined;
        return declared ? [] : [`${metatype.name}.${name}`];
      });
    });
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without an authorization declaration (@Public, @Authenticated, @OwnerScoped or @RequirePermissions): ${undeclared.join(', ')}`,
      );
    }
  }

  private isRoute(handler: object): boolean {
    return (
      Reflect.getMetadata(PATH_METADATA, handler) !== undefined &&
      Reflect.getMetadata(METHOD_METADATA, handler) !== undefined
    );
  }
}
