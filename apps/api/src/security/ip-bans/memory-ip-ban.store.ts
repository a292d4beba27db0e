import { pageOf, type Page, type PageRequest } from '../../platform/http/page.js';
import type { Clock } from '../../platform/clock/clock.js';
import { setNewest } from '../../platform/in-process/bounded-map.js';
import type { IpBan, IpBanStore } from './ip-ban.store.js';
import type { IpBanPolicy } from './ip-bans.config.js';

/**
 * Addresses whose failures are tracked at most: each holds up to `distinctAccounts` entries, so
 * about 15 MB with the defaults. A flood from more addresses evicts the oldest counts rather than
 * exhaust memory; an attacker with that many addresses needs the throttles, not this store.
 */
export const MEMORY_IP_BAN_MAX_TRACKED = 10_000;

/** Bans kept at most (a few MB); beyond, the one closest to its end is dropped first. */
export const MEMORY_IP_BAN_MAX_BANS = 100_000;

/** Failures and bans of this process only: for a single instance, when REDIS_URL is unset. */
export class MemoryIpBanStore implements IpBanStore {
  // ip → account → time of its last failure; kept in order of last write, the first evicted first.
  private readonly failures = new Map<string, Map<string, number>>();
  // ip → end of its ban; every ban lasts as long, so insertion order is expiry order.
  private readonly bans = new Map<string, number>();

  constructor(
    private readonly policy: IpBanPolicy,
    private readonly clock: Clock = Date.now,
    private readonly maxTracked = MEMORY_IP_BAN_MAX_TRACKED,
    private readonly maxBans = MEMORY_IP_BAN_MAX_BANS,
  ) {}

  banOf(ip: string): Promise<IpBan | undefined> {
    const expiresAt = this.bans.get(ip);
    if (expiresAt === undefined || expiresAt <= this.clock()) {
      this.bans.delete(ip);
      return Promise.resolve(undefined);
    }
    return Promise.resolve({ ip, expiresAt });
  }

  async recordFailure(ip: string, account: string): Promise<IpBan | undefined> {
    if ((await this.banOf(ip)) !== undefined) {
      return undefined;
    }
    const now = this.clock();
    const windowStart = now - this.policy.windowSeconds * 1000;
    const accounts = this.failures.get(ip) ?? new Map<string, number>();
    for (const [failed, at] of accounts) {
      if (at <= windowStart) {
        accounts.delete(failed);
      }
    }
    accounts.set(account, now);
    if (accounts.size < this.policy.distinctAccounts) {
      setNewest(this.failures, ip, accounts, this.maxTracked);
      return undefined;
    }
    this.failures.delete(ip);
    const expiresAt = now + this.policy.durationSeconds * 1000;
    setNewest(this.bans, ip, expiresAt, this.maxBans);
    return { ip, expiresAt };
  }

  list(request: PageRequest): Promise<Page<IpBan>> {
    const now = this.clock();
    for (const [ip, expiresAt] of this.bans) {
      if (expiresAt <= now) {
        this.bans.delete(ip);
      }
    }
    const bans = [...this.bans]
      .slice(request.offset, request.offset + request.limit)
      .map(([ip, expiresAt]) => ({ ip, expiresAt }));
    return Promise.resolve(pageOf(bans, this.bans.size, request));
  }

  async lift(ip: string): Promise<boolean> {
    const banned = (await this.banOf(ip)) !== undefined;
    this.bans.delete(ip);
    return banned;
  }
}
