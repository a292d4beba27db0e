import type { Env } from '../../platform/config/env.schema.js';

export interface AccountsConfig {
  /** Base of the links in account mail; the token travels in the URL fragment. */
  readonly publicAppUrl: string;
  /** Login refused until the e-mail address is verified (UNSAFE_ALLOW_UNVERIFIED_LOGIN). */
  readonly requireVerifiedEmail: boolean;
  readonly emailVerificationTtlSeconds: number;
  readonly passwordResetTtlSeconds: number;
}

export function accountsConfigFrom(env: Env): AccountsConfig {
  return {
    publicAppUrl: withoutTrailingSlashes(env.PUBLIC_APP_URL),
    requireVerifiedEmail: !env.UNSAFE_ALLOW_UNVERIFIED_LOGIN,
    emailVerificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_SECONDS,
    passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
  };
}

// A loop, not /\/+$/: that pattern rescans the run of slashes from each of its positions.
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') {
    end -= 1;
  }
  return url.slice(0, end);
}
