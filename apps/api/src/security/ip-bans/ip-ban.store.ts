import type { Page, PageRequest } from '../../platform/http/page.js';
/** Milliseconds since the epoch; injectable so that tests need not wait for bans to end. */

export interface IpBan {
  readonly ip: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Failures and bans of every client address, behind one atomic operation per call so that
 * concurrent failures are counted exactly. Both implementations follow the same policy; one spec
 * suite runs on both.
 */
export interface IpBanStore {
  /** The ban of `ip` while it lasts; undefined when none. */
  banOf(ip: string): Promise<IpBan | undefined>;
  /**
   * Notes that `ip` failed to authenticate as `account`, and bans it when failures against
   * `distinctAccounts` different accounts fall within the last `windowSeconds`. A failure while
   * banned changes nothing; a ban restarts the count.
   * @returns the ban this failure placed; undefined when it placed none.
   */
  recordFailure(ip: string, account: string): Promise<IpBan | undefined>;
  /** Active bans, soonest to expire first. */
  list(request: PageRequest): Promise<Page<IpBan>>;
  /** @returns whether `ip` was banned. */
  lift(ip: string): Promise<boolean>;
}
