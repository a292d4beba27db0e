/** What a named limit counts requests by. */
export type RateLimitSubject =
  /** The client address (IPv6 by /64), as Fastify resolves it through TRUSTED_PROXIES. */
  | 'ip'
  /** The normalised e-mail address of the body (a keyed digest), else the client address. */
  | 'email'
  /** The MFA challenge of the body (its SHA-256), else the client address. */
  | 'mfa-challenge';

export interface RateLimitPolicy {
  readonly subject: RateLimitSubject;
  /**
   * While the shared store (Redis) is down: `closed` refuses with 503, so that attempts cannot
   * escape a shared budget; `open` lets requests through, so that an outage is not total.
   */
  readonly whenStoreDown: 'open' | 'closed';
}

/**
 * Every named limit. `default` applies to every route (per route and client address); the others
 * only to routes that name them with `@RateLimit(name)`. Their sizes come from `THROTTLE_*`.
 */
export const RATE_LIMIT_POLICIES = {
  default: { subject: 'ip', whenStoreDown: 'open' },
  login: { subject: 'email', whenStoreDown: 'closed' },
  register: { subject: 'email', whenStoreDown: 'closed' },
  'password-forgot': { subject: 'email', whenStoreDown: 'closed' },
  'password-reset': { subject: 'ip', whenStoreDown: 'closed' },
  'mfa-verify': { subject: 'mfa-challenge', whenStoreDown: 'closed' },
  refresh: { subject: 'ip', whenStoreDown: 'closed' },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof RATE_LIMIT_POLICIES;

export const RATE_LIMIT_NAMES = Object.keys(RATE_LIMIT_POLICIES) as RateLimitName[];

/** Requests allowed per fixed window. */
export interface RateLimitSize {
  readonly limit: number;
  readonly windowSeconds: number;
}
