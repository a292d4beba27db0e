import { isIP } from 'node:net';
import type { Env } from '../../platform/config/env.schema.js';

/** Where the API serves the development pages that mail links open when PUBLIC_APP_URL is unset. */
export const DEV_ACCOUNT_LINKS_PATH = '/dev/account-links';

export interface AccountsConfig {
  /** Base of the links in account mail; the token travels in the URL fragment. */
  readonly publicAppUrl: string;
  /** Serve the development pages at DEV_ACCOUNT_LINKS_PATH: never in production. */
  readonly devAccountLinks: boolean;
  /** Login refused until the e-mail address is verified (UNSAFE_ALLOW_UNVERIFIED_LOGIN). */
  readonly requireVerifiedEmail: boolean;
  readonly emailVerificationTtlSeconds: number;
  readonly passwordResetTtlSeconds: number;
}

export function accountsConfigFrom(env: Env): AccountsConfig {
  // Production requires PUBLIC_APP_URL (production-policy.ts); the check here keeps the pages
  // out of production even if that rule were dropped.
  const devAccountLinks = env.PUBLIC_APP_URL === undefined && env.NODE_ENV !== 'production';
  return {
    publicAppUrl:
      env.PUBLIC_APP_URL === undefined
        ? `${apiOrigin(env)}${DEV_ACCOUNT_LINKS_PATH}`
        : withoutTrailingSlashes(env.PUBLIC_APP_URL),
    devAccountLinks,
    requireVerifiedEmail: !env.UNSAFE_ALLOW_UNVERIFIED_LOGIN,
    emailVerificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_SECONDS,
    passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
  };
}

/** The origin a browser on this machine reaches the API at: HOST and PORT, https with TLS_CERT_FILE. */
function apiOrigin(env: Env): string {
  const scheme = env.TLS_CERT_FILE === undefined ? 'http' : 'https';
  // A wildcard address is not one a browser can open; the machine itself answers on it.
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${env.PORT}`;
}

// A loop, not /\/+$/: that pattern rescans the run of slashes from each of its positions.
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') {
    end -= 1;
  }
  return url.slice(0, end);
}
