import commonPasswords from './data/common-passwords.json' with { type: 'json' };
import type { PasswordPolicyConfig } from './passwords.config.js';

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

/**
 * ASVS 6.2 password policy: a length range in code points, the common-password list and the
 * account's e-mail; no composition rules. The password is checked exactly as typed (no trimming,
 * no normalisation), as it will be hashed, and never logged or echoed.
 */
export class PasswordPolicyService {
  constructor(private readonly config: PasswordPolicyConfig) {}

  /** The reasons to refuse `password`, in a stable order; empty when it is acceptable. */
  check(password: string, context: PasswordContext): PasswordRejection[] {
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
