import { GENERATED_SECRETS, type Env } from './env.schema.js';

/** Settings that are tolerable on a laptop and dangerous in production; each is refused there. */
export function productionPolicyViolations(env: Env): string[] {
  const violations: string[] = [];
  if (env.UNSAFE_LOG_REQUEST_BODIES) {
    violations.push('UNSAFE_LOG_REQUEST_BODIES: must be false in production');
  }
  if (env.TLS_CERT_FILE === undefined && env.TRUSTED_PROXIES.length === 0) {
    violations.push(
      'TLS_CERT_FILE: production needs TLS_CERT_FILE and TLS_KEY_FILE, or TRUSTED_PROXIES naming the TLS-terminating proxy',
    );
  }
  if (env.CORS_ORIGINS.includes('*')) {
    violations.push('CORS_ORIGINS: a wildcard is refused in production; list the origins');
  }
  if (env.DATABASE_URL === undefined) {
    violations.push(
      'DATABASE_URL: required in production (the embedded database is for development)',
    );
  }
  for (const name of GENERATED_SECRETS) {
    if (env[name] === undefined) {
      violations.push(`${name}: required in production (pnpm cli keys:generate)`);
    }
  }
  return violations;
}
