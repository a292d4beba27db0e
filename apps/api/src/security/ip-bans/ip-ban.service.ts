import type { HttpConfig } from '../../platform/http/http.config.js';
import { Inject, Injectable } from '@nestjs/common';
import { clientSubject } from '../../platform/request-context/client-subject.js';
import { AuditService } from '../audit/audit.service.js';
import type { IpBansConfig } from './ip-bans.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { SharedStateUnavailableError } from '../../platform/redis/redis.errors.js';
import { RequestContext } from '../../platform/request-context/request-context.js';
import { addressMatcher } from './ip-ban-exemptions.js';
import type { IpBan, IpBanStore } from './ip-ban.store.js';
import type { Page, PageRequest } from '../../platform/http/page.js';
import { IpBanNotFoundError } from './ip-bans.errors.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly http: HttpConfig; readonly ipBans: IpBansConfig };

export const IP_BAN_STORE = Symbol('IP_BAN_STORE');

/**
 * The account an authentication failed against: a user, or the blind index of an address that
 * no account has. Never the address itself, which would then sit in Redis in plaintext.
 */
export type FailedAccount = { readonly userId: string } | { readonly emailDigest: string };

/**
 * Bans a client address that fails authentication against many distinct accounts (credential
 * stuffing, which tries each account once and so never trips the per-account lockout). Repeated
 * failures against one account count once: they are the lockout's business.
 */
@Injectable()
export class IpBanService {
  private readonly isExempt: (ip: string) => boolean;

  constructor(
    @Inject(IP_BAN_STORE) private readonly store: IpBanStore,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
  ) {
    this.isExempt = addressMatcher(config.ipBans.exempt);
  }

  /**
   * Whole seconds until the ban of `ip` ends, rounded up; undefined when it is not banned. Fails
   * open while Redis is down: this runs on every request, and refusing them all would turn a
   * Redis outage into a full one. Failures are still recorded, or refused, on the auth routes.
   */
  async bannedFor(ip: string): Promise<number | undefined> {
    if (this.isExempt(ip)) {
      return undefined;
    }
    try {
      const ban = await this.store.banOf(this.subjectOf(ip));
      return ban === undefined
        ? undefined
        : Math.max(1, Math.ceil((ban.expiresAt - Date.now()) / 1000));
    } catch (error) {
      if (error instanceof SharedStateUnavailableError) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Counts a failed authentication of the current request's client against `account`; at the
   * threshold, bans the client and records it. Outside a request (CLI) there is no client to ban.
   * @throws SharedStateUnavailableError while Redis is down (fails closed, like the lockout)
   */
  async recordFailure(account: FailedAccount): Promise<void> {
    const ip = RequestContext.current()?.ip;
    if (ip === undefined || this.isExempt(ip)) {
      return;
    }
    const key = 'userId' in account ? `user:${account.userId}` : `email:${account.emailDigest}`;
    const ban = await this.store.recordFailure(this.subjectOf(ip), key);
    if (ban !== undefined) {
      const { distinctAccounts, windowSeconds, durationSeconds } = this.config.ipBans;
      await this.audit.record({
        event: 'authn_login_lock',
        outcome: 'success',
        actor: 'system',
        target: `ip:${ban.ip}`,
        metadata: { scope: 'ip', distinctAccounts, windowSeconds, seconds: durationSeconds },
      });
    }
  }

  async list(request: PageRequest): Promise<Page<IpBan>> {
    const page = await this.store.list(request);
    await this.audit.record({
      event: 'authz_admin',
      outcome: 'success',
      target: 'ip-bans',
      metadata: { action: 'ip_bans_listed', total: page.total },
    });
    return page;
  }

  /** What a ban applies to, as the throttles count clients (an IPv6 client by its network). */
  private subjectOf(ip: string): string {
    return clientSubject(ip, this.config.http.clientIpv6Prefix);
  }

  /**
   * `actor`: who lifts it, when not the request's user (the CLI).
   * @throws IpBanNotFoundError when `ip` (or, for IPv6, its /64) is not banned
   */
  async lift(ip: string, actor?: string): Promise<void> {
    const subject = this.subjectOf(ip);
    if (!(await this.store.lift(subject))) {
      throw new IpBanNotFoundError();
    }
    await this.audit.record({
      event: 'authz_admin',
      outcome: 'success',
      ...(actor === undefined ? {} : { actor }),
      target: `ip:${subject}`,
      metadata: { action: 'ip_ban_lifted' },
    });
  }
}
