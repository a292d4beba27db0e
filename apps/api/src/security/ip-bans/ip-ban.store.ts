/** Milliseconds since the epoch; injectable so that tests need not wait for bans to end. */
export type Clock = () => number;

export interface IpBan {
  readonly ip: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

export interface IpBanPage {
  /** Soonest to expire first. */
  readonly bans: readonly IpBan[];
  /** Every active ban, whatever the page. */
  readonly total: number;
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
  list(offset: number, limit: number): Promise<IpBanPage>;
  /** @returns whether `ip` was banned. */
  lift(ip: string): Promise<boolean>;
}
