import { isIP } from 'node:net';
import type { Env } from '../../platform/config/env.schema.js';

export interface WebAuthnConfig {
  /** The relying party id: a domain the origins are on; credentials are scoped to it. */
  readonly rpId: string;
  /** Shown by the authenticator beside the account name. */
  readonly rpName: string;
  /** Where the web front end runs: a ceremony signed for another origin is refused. */
  readonly origins: readonly string[];
  readonly attestation: 'none' | 'direct';
  readonly refuseCounterRegression: boolean;
}

export function webAuthnConfigFrom(env: Env): WebAuthnConfig {
  const origins = originsOf(env);
  return {
    rpId: env.WEBAUTHN_RP_ID ?? new URL(origins[0] ?? 'http://localhost').hostname,
    rpName: env.WEBAUTHN_RP_NAME,
    origins,
    attestation: env.WEBAUTHN_ATTESTATION,
    refuseCounterRegression: env.WEBAUTHN_REFUSE_COUNTER_REGRESSION,
  };
}

/** Checked at boot: an RP id no origin can claim, or a plain-http origin in production. */
export function webAuthnConfigViolations(env: Env): string[] {
  const { rpId, origins } = webAuthnConfigFrom(env);
  const violations: string[] = [];
  if (origins.length === 0 || origins.includes('*')) {
    violations.push('WEBAUTHN_ORIGINS: list the origins of the web front end; no wildcard');
    return violations;
  }
  // Browsers refuse an IP address as RP id, and a ceremony from another site would never verify.
  if (isIP(rpId) !== 0) {
    violations.push('WEBAUTHN_RP_ID: must be a domain name (browsers refuse IP addresses)');
  }
  for (const origin of origins) {
    const { protocol, hostname } = new URL(origin);
    if (hostname !== rpId && !hostname.endsWith(`.${rpId}`)) {
      violations.push(`WEBAUTHN_ORIGINS: ${origin} is not on the RP id ${rpId} or a subdomain`);
    }
    if (env.NODE_ENV === 'production' && protocol !== 'https:') {
      violations.push(`WEBAUTHN_ORIGINS: production accepts https:// origins only (${origin})`);
    }
  }
  return violations;
}

function originsOf(env: Env): string[] {
  if (env.WEBAUTHN_ORIGINS !== undefined) {
    return env.WEBAUTHN_ORIGINS;
  }
  return [
    env.PUBLIC_APP_URL === undefined
      ? `http://localhost:${env.PORT}`
      : new URL(env.PUBLIC_APP_URL).origin,
  ];
}
