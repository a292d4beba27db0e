import type { HttpConfig } from '../../platform/http/http.config.js';
import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { EmailDigest } from '../field-encryption/email-digest.js';
import { throttleSubject } from './throttle-subject.js';
import type { ThrottlerStorageRecord } from './throttler-storage.js';
import { NO_RATE_LIMIT_KEY } from '../../platform/route-access/no-rate-limit.decorator.js';
import { RateLimitExceededError } from './throttling.errors.js';
import { ThrottlingOutageMonitor } from './throttling-outage.monitor.js';
import { RATE_LIMIT_POLICIES, type RateLimitName } from './throttling.policies.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly http: HttpConfig };

/**
 * @nestjs/throttler's guard (named limits, `@Throttle` metadata) with
 * Bulwark's answers: subjects by policy, RateLimit headers, a 429 problem, one sampled audit
 * event per subject and window, and the policy's choice when the shared store is down.
 */
@Injectable()
export class ThrottlingGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly emailDigest: EmailDigest,
    private readonly audit: AuditService,
    private readonly outage: ThrottlingOutageMonitor,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {
    super(options, storage, reflector);
  }

  /**
   * Before the library reads each limit's metadata for the route (six reads per limit, seven
   * limits): on the health checks that would double the cost of the cheapest route.
   */
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    return Promise.resolve(
      this.reflector.getAllAndOverride<boolean | undefined>(NO_RATE_LIMIT_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true,
    );
  }

  protected override async handleRequest({
    context,
    limit,
    ttl,
    blockDuration,
    throttler,
  }: ThrottlerRequest): Promise<boolean> {
    // ThrottlingModule names its throttlers after RATE_LIMIT_POLICIES, and only those; a named one
    // reaches here only on the routes marked with its name (its skipIf).
    const name = throttler.name as RateLimitName;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const subject = throttleSubject(
      RATE_LIMIT_POLICIES[name].subject,
      request,
      (email) => this.emailDigest.of(email),
      this.config.http.clientIpv6Prefix,
    );
    const key = `${name}:${context.getClass().name}.${context.getHandler().name}:${subject}`;
    let record: ThrottlerStorageRecord;
    try {
      record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    } catch (error) {
      if (!(error instanceof SharedStateUnavailableError)) {
        throw error;
      }
      await this.outage.storeFailed();
      if (RATE_LIMIT_POLICIES[name].whenStoreDown === 'open') {
        return true;
      }
      throw error;
    }
    await this.outage.storeAnswered();
    if (!record.isBlocked) {
      return true;
    }
    setRateLimitHeaders(http.getResponse<FastifyReply>(), name, limit, ttl, record);
    // Only the first refusal of a window is recorded, on whichever instance counted it: a flood
    // writes one event per subject and window, not one per request.
    if (record.totalHits === limit + 1) {
      await this.recordExcess(request, name, limit, ttl);
    }
    throw new RateLimitExceededError(record.timeToBlockExpire);
  }

  private async recordExcess(
    request: FastifyRequest,
    name: RateLimitName,
    limit: number,
    ttlMs: number,
  ): Promise<void> {
    await this.audit
      .record({
        event: 'excess_rate_limit_exceeded',
        outcome: 'failure',
        target: `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`,
        metadata: {
          limit: name,
          subject: RATE_LIMIT_POLICIES[name].subject,
          requests: limit,
          windowSeconds: Math.ceil(ttlMs / 1000),
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
  name: RateLimitName,
  limit: number,
  ttlMs: number,
  record: ThrottlerStorageRecord,
): void {
  reply.header('ratelimit-policy', `"${name}";q=${limit};w=${Math.ceil(ttlMs / 1000)}`);
  reply.header('ratelimit', `"${name}";r=0;t=${record.timeToBlockExpire}`);
}
