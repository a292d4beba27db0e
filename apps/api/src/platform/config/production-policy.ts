import { databaseUrlTlsViolations } from './database-url.js';
import { mailDomain, parseMailbox } from './mail-address.js';
import { parseRedisUrl } from './redis-url.js';
import { KEY_RINGS, type Env } from './env.schema.js';
import { isLoopbackHost } from './loopback.js';

/** Settings that are tolerable on a laptop and dangerous in production; each is refused there. */
export function productionPolicyViolations(env: Env): string[] {
  const violations: string[] = [];
  if (env.UNSAFE_LOG_REQUEST_BODIES) {
    violations.push('UNSAFE_LOG_REQUEST_BODIES: must be false in production');
  }
  if (env.UNSAFE_ALLOW_UNVERIFIED_LOGIN) {
    violations.push('UNSAFE_ALLOW_UNVERIFIED_LOGIN: must be false in production');
  }
  // An explicit list is the documented opt-out from MFA for every role, never for admins.
  if (env.MFA_REQUIRED_ROLES !== undefined && !env.MFA_REQUIRED_ROLES.includes('admin')) {
    violations.push('MFA_REQUIRED_ROLES: production requires MFA of admins');
  }
  if (env.PUBLIC_APP_URL === undefined) {
    violations.push(
      'PUBLIC_APP_URL: required in production (the client application that opens mail links)',
    );
  } else if (!env.PUBLIC_APP_URL.startsWith('https://')) {
    violations.push('PUBLIC_APP_URL: production links in account mail must be https://');
  }
  if (env.TLS_CERT_FILE === undefined && env.TRUSTED_PROXIES.length === 0) {
    violations.push(
      'TLS_CERT_FILE: production needs TLS_CERT_FILE and TLS_KEY_FILE, or TRUSTED_PROXIES naming the TLS-terminating proxy',
    );
  }
  // Logs kept only on the host are erased by whoever takes the host: they must leave it, through
  // a sink of ours or a platform that collects stdout, which the operator must then say explicitly.
  if (
    env.LOG_SYSLOG_HOST === undefined &&
    env.LOG_OTLP_ENDPOINT === undefined &&
    !env.LOG_STDOUT_COLLECTED
  ) {
    violations.push(
      'LOG_SYSLOG_HOST: production ships logs off the host; set LOG_SYSLOG_HOST or LOG_OTLP_ENDPOINT, or LOG_STDOUT_COLLECTED=true when the platform collects stdout',
    );
  }
  // Spans name routes, statements and timings of every request: they leave over TLS.
  const traces = URL.parse(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
  if (
    traces !== null &&
    traces.protocol !== 'https:' &&
    !isLoopbackHost(traces.hostname.replace(/^\[|\]$/g, ''))
  ) {
    violations.push(
      'OTEL_EXPORTER_OTLP_ENDPOINT: production exports traces over https:// unless the collector is on loopback',
    );
  }
  if (env.FILE_STORE_S3_ENDPOINT?.startsWith('http://') === true) {
    violations.push('FILE_STORE_S3_ENDPOINT: production reaches the bucket over https://');
  }
  if (env.CORS_ORIGINS.includes('*')) {
    violations.push('CORS_ORIGINS: a wildcard is refused in production; list the origins');
  }
  if (env.DATABASE_URL === undefined) {
    violations.push(
      'DATABASE_URL: required in production (the embedded database is for development)',
    );
  } else {
    violations.push(...databaseUrlTlsViolations('DATABASE_URL', env.DATABASE_URL));
  }
  if (env.DATABASE_MIGRATION_URL !== undefined) {
    violations.push(
      ...databaseUrlTlsViolations('DATABASE_MIGRATION_URL', env.DATABASE_MIGRATION_URL),
    );
  }
  // Redis holds lockouts and session liveness: off this machine, only over verified TLS, signed in.
  const redis = env.REDIS_URL === undefined ? undefined : parseRedisUrl(env.REDIS_URL);
  if (redis !== undefined && !isLoopbackHost(redis.host)) {
    if (!redis.tls) {
      violations.push('REDIS_URL: production needs rediss:// (TLS) unless Redis is on loopback');
    }
    if (redis.password === undefined) {
      violations.push(
        'REDIS_URL: production needs credentials (:password@ for AUTH, user:password@ for an ACL user) unless Redis is on loopback',
      );
    }
  }
  if (env.JWT_SIGNING_KEY_FILES === undefined && env.JWT_SIGNING_KEYS === undefined) {
    violations.push(
      'JWT_SIGNING_KEY_FILES: required in production, or JWT_SIGNING_KEYS (pnpm cli jwt:generate-key)',
    );
  }
  for (const ring of KEY_RINGS) {
    if (env[`${ring}_KEYS`] === undefined) {
      violations.push(`${ring}_KEYS: required in production (pnpm cli keys:generate)`);
    }
  }
  // Mail carries verification and reset tokens: it leaves over TLS with a verified certificate.
  if (env.SMTP_URL === undefined) {
    violations.push('SMTP_URL: required in production (the .eml outbox is for development)');
  } else if (!env.SMTP_URL.secure && !env.SMTP_URL.requireTLS) {
    violations.push(
      'SMTP_URL: production needs smtps://, or smtp:// with ?requireTLS=true (STARTTLS or no delivery)',
    );
  }
  if (env.MAIL_OUTBOX_DIR !== undefined) {
    violations.push('MAIL_OUTBOX_DIR: refused in production; mail goes out over SMTP_URL');
  }
  const from = parseMailbox(env.MAIL_FROM);
  if (from !== undefined && mailDomain(from.address) === 'localhost') {
    violations.push('MAIL_FROM: production needs a sender address on your own domain');
  }
  return violations;
}
