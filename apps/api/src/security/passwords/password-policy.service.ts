import commonPasswords from './data/common-passwords.json' with { type: 'json' };
import type { PasswordPolicyConfig, PwnedPasswordsFailurePolicy } from './passwords.config.js';
import { BreachCheckUnavailableError } from './passwords.errors.js';
import {
  PwnedPasswordsUnavailableError,
  type PwnedPasswordsClient,
} from './pwned-passwords.client.js';

/**
 * ASVS asks that 64 be allowed; 128 leaves room for passphrases and password managers while
 * bounding what reaches the checks below and argon2 (the request body limit alone is 100 KiB).
 */
export const PASSWORD_MAX_LENGTH = 128;

// Fragments shorter than this (`jo@…`) occur by chance in strong passwords: refusing them adds nothing.
const MIN_EMAIL_FRAGMENT = 3;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(commonPasswords);

/** Stable codes the API may show; a password can be refused for several at once. */
export type PasswordRejection = 'too_short' | 'too_long' | 'breached' | 'contains_email';

/** What the policy knows of the account, to refuse passwords derived from it. */
export interface PasswordContext {
  readonly email: string;
}

/** The one log method the policy needs; BulwarkLogger provides it. */
export interface PasswordPolicyLog {
  warn(message: string, meta: Readonly<Record<string, unknown>>): unknown;
}

/** A remote breach corpus, and what a new password gets while it cannot answer. */
export interface RemoteBreachCheck {
  readonly client: Pick<PwnedPasswordsClient, 'isBreached'>;
  readonly onFailure: PwnedPasswordsFailurePolicy;
  readonly log: PasswordPolicyLog;
}

// During an outage, one line at its first failure and one per this many more, each with the count.
const OUTAGE_LOG_EVERY = 100;

/**
 * ASVS 6.2 password policy: a length range in code points, the common-password list and the
 * account's e-mail; no composition rules; then, when configured, a remote breach corpus (ASVS
 * 6.2.12). The password is checked exactly as typed (no trimming, no normalisation), as it will be
 * hashed, and never logged or echoed.
 */
export class PasswordPolicyService {
  /** Remote lookups failed since the last one that answered. */
  private failedLookups = 0;

  constructor(
    private readonly config: PasswordPolicyConfig,
    private readonly remote?: RemoteBreachCheck,
  ) {}

  /** In code points; the rejection of a short password names it. */
  get minLength(): number {
    return this.config.minLength;
  }

  /**
   * The reasons to refuse `password`, in a stable order; empty when it is acceptable.
   * @throws BreachCheckUnavailableError when the remote check fails and its policy is `refuse`
   */
  async check(password: string, context: PasswordContext): Promise<PasswordRejection[]> {
    const reasons = this.localReasons(password, context);
    // A refused password is not worth a request, nor its hash prefix worth sending.
    if (reasons.length > 0 || this.remote === undefined) {
      return reasons;
    }
    return (await this.isBreachedRemotely(password, this.remote)) ? ['breached'] : [];
  }

  private localReasons(password: string, context: PasswordContext): PasswordRejection[] {
    const length = codePoints(password);
    if (length > PASSWORD_MAX_LENGTH) {
      return ['too_long'];
    }
    const reasons: PasswordRejection[] = [];
    if (length < this.config.minLength) {
      reasons.push('too_short');
    }
    const lowered = password.toLowerCase();
    if (COMMON_PASSWORDS.has(lowered)) {
      reasons.push('breached');
    }
    if (emailFragments(context.email).some((fragment) => lowered.includes(fragment))) {
      reasons.push('contains_email');
    }
    return reasons;
  }

  /** Logs the reason and the count of an outage, never the password, its hash or the prefix sent. */
  private async isBreachedRemotely(password: string, remote: RemoteBreachCheck): Promise<boolean> {
    try {
      const breached = await remote.client.isBreached(password);
      if (this.failedLookups > 0) {
        remote.log.warn('pwned passwords available again', {
          failedLookups: this.failedLookups,
          onFailure: remote.onFailure,
        });
        this.failedLookups = 0;
      }
      return breached;
    } catch (error) {
      if (!(error instanceof PwnedPasswordsUnavailableError)) {
        throw error;
      }
      this.failedLookups += 1;
      if (this.failedLookups % OUTAGE_LOG_EVERY === 1) {
        remote.log.warn('pwned passwords unavailable', {
          reason: error.reason,
          detail: error.detail,
          failedLookups: this.failedLookups,
          onFailure: remote.onFailure,
        });
      }
      if (remote.onFailure === 'refuse') {
        throw new BreachCheckUnavailableError({ cause: error });
      }
      return false;
    }
  }
}

/** Code points (not UTF-16 units, not graphemes): the unit ASVS and NIST count. */
function codePoints(value: string): number {
  // Each code point takes at most two UTF-16 units: no need to walk an over-long input.
  return value.length > 2 * PASSWORD_MAX_LENGTH ? value.length : Array.from(value).length;
}

/** The whole address, its local part and, for `alice+shop@…`, `alice`; in lower case. */
function emailFragments(email: string): string[] {
  const address = email.toLowerCase();
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  const [base = local] = local.split('+', 1);
  return [address, local, base].filter((fragment) => codePoints(fragment) >= MIN_EMAIL_FRAGMENT);
}
