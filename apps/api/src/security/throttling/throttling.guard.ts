import type { HttpConfig } from '../../platform/http/http.config.js';
import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type Type,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { EmailDigest } from '../field-encryption/email-digest.js';
import { throttleSubject } from './throttle-subject.js';
import type { ThrottlerStorageRecord } from './throttler-storage.js';
import { NO_RATE_LIMIT_KEY } from '../../platform/route-access/no-rate-limit.decorator.js';
import { RATE_LIMIT_KEY, type RouteRateLimit } from './rate-limit.decorator.js';
import { RateLimitExceededError } from './throttling.errors.js';
import { ThrottlingOutageMonitor } from './throttling-outage.monitor.js';
import type { ThrottlingConfig } from './throttling.config.js';
import { RATE_LIMIT_POLICIES, type RateLimitName } from './throttling.policies.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly http: HttpConfig; readonly throttling: ThrottlingConfig };

type Handler = ReturnType<ExecutionContext['getHandler']>;

export const THROTTLER_STORAGE = Symbol('THROTTLER_STORAGE');

/** One limit a route counts against, sized and keyed for that route. */
interface RouteLimit {
  readonly name: RateLimitName;
  readonly limit: number;
  readonly windowMs: number;
  /** Storage keys of this route start with it: `<limit>:<Controller>.<handler>:`. */
  readonly keyPrefix: string;
}

/**
 * Global, first of the guards: every route counts against `default` (per route and client
 * address), a route marked `@RateLimit(name)` against that limit too, one marked `@NoRateLimit()`
 * against none. Counters live in the ThrottlerStorage of @nestjs/throttler's contract (this
 * process's, or Redis). The limits a route counts against are resolved from its metadata once and
 * kept: the library's guard read seven metadata keys for each of the seven limits and awaited
 * three values per limit on every request, about 9 µs of CPU (docs/performance.md).
 */
@Injectable()
export class ThrottlingGuard implements CanActivate {
  private readonly routes = new WeakMap<Type, WeakMap<Handler, readonly RouteLimit[]>>();

  constructor(
    @Inject(THROTTLER_STORAGE) private readonly storage: ThrottlerStorage,
    private readonly reflector: Reflector,
    private readonly emailDigest: EmailDigest,
    private readonly audit: AuditService,
    private readonly outage: ThrottlingOutageMonitor,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.limitsOf(context);
    if (limits.length === 0) {
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // One after the other: a request refused by the first limit is not counted by the next.
    for (const limit of limits) {
      const record = await this.count(limit, request);
      if (record?.isBlocked === true) {
        setRateLimitHeaders(http.getResponse<FastifyReply>(), limit, record);
        // Only the first refusal of a window is recorded, on whichever instance counted it: a
        // flood writes one event per subject and window, not one per request.
        if (record.totalHits === limit.limit + 1) {
          await this.recordExcess(request, limit);
        }
        throw new RateLimitExceededError(record.timeToBlockExpire);
      }
    }
    return true;
  }

  /** The hit's record, or undefined when the store is down and the limit's policy lets it pass. */
  private async count(
    limit: RouteLimit,
    request: FastifyRequest,
  ): Promise<ThrottlerStorageRecord | undefined> {
    const policy = RATE_LIMIT_POLICIES[limit.name];
    const subject = throttleSubject(
      policy.subject,
      request,
      (email) => this.emailDigest.of(email),
      this.config.http.clientIpv6Prefix,
    );
    let record: ThrottlerStorageRecord;
    try {
      record = await this.storage.increment(
        limit.keyPrefix + subject,
        limit.windowMs,
        limit.limit,
        // Refused until the window closes, as in @nestjs/throttler by default.
        limit.windowMs,
        limit.name,
      );
    } catch (error) {
      if (!(error instanceof SharedStateUnavailableError)) {
        throw error;
      }
      await this.outage.storeFailed();
      if (policy.whenStoreDown === 'open') {
        return undefined;
      }
      throw error;
    }
    if (this.outage.storeIsDown) {
      await this.outage.storeAnswered();
    }
    return record;
  }

  private limitsOf(context: ExecutionContext): readonly RouteLimit[] {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.routes.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.routes.set(controller, byHandler);
    }
    let limits = byHandler.get(handler);
    if (limits === undefined) {
      limits = this.resolve(controller, handler);
      byHandler.set(handler, limits);
    }
    return limits;
  }

  private resolve(controller: Type, handler: Handler): readonly RouteLimit[] {
    const targets = [handler, controller];
    if (this.reflector.getAllAndOverride<boolean | undefined>(NO_RATE_LIMIT_KEY, targets)) {
      return [];
    }
    const marked = this.reflector.getAllAndOverride<RouteRateLimit | undefined>(
      RATE_LIMIT_KEY,
      targets,
    );
    const names = new Set<RateLimitName>([
      'default',
      ...(marked === undefined ? [] : [marked.name]),
    ]);
    const route = `${controller.name}.${handler.name}`;
    return (
      [...names]
        .map((name) => {
          const size =
            marked?.name === name && marked.size !== undefined
              ? marked.size
              : this.config.throttling.limits[name];
          return {
            name,
            limit: size.limit,
            windowMs: size.windowSeconds * 1000,
            keyPrefix: `${name}:${route}:`,
          };
        })
        // The shortest window first, as @nestjs/throttler ordered its limits.
        .sort((first, second) => first.windowMs - second.windowMs)
    );
  }

  private async recordExcess(request: FastifyRequest, limit: RouteLimit): Promise<void> {
    await this.audit
      .record({
        event: 'excess_rate_limit_exceeded',
        outcome: 'failure',
        target: `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`,
        metadata: {
          limit: limit.name,
          subject: RATE_LIMIT_POLICIES[limit.name].subject,
          requests: limit.limit,
          windowSeconds: Math.ceil(limit.windowMs / 1000),
        },
      })
      // A refused row is still logged (stored: false); the client gets its 429 regardless.
      .catch(() => undefined);
  }
}

/**
 * RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers) of the refusing limit.
 * On refusals only: on every answer, the remaining count of an account's limit would tell anyone
 * when that account was last tried, and make otherwise identical answers differ.
 */
function setRateLimitHeaders(
  reply: FastifyReply,
  limit: RouteLimit,
  record: ThrottlerStorageRecord,
): void {
  const windowSeconds = Math.ceil(limit.windowMs / 1000);
  reply.header('ratelimit-policy', `"${limit.name}";q=${limit.limit};w=${windowSeconds}`);
  reply.header('ratelimit', `"${limit.name}";r=0;t=${record.timeToBlockExpire}`);
}
