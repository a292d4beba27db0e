import { resolve } from 'node:path';
import type { KeyMaterial } from '@bulwark/field-encryption';
import {
  loggingConfigFrom,
  loggingConfigViolations,
  type LoggingConfig,
} from '../logging/logging.config.js';
import { ipBansConfigFrom, type IpBansConfig } from '../../security/ip-bans/ip-bans.config.js';
import { mailConfigFrom, type MailConfig } from '../mail/mail.config.js';
import {
  passwordsConfigFrom,
  type PasswordsConfig,
} from '../../security/passwords/passwords.config.js';
import { redisConfigViolations } from '../redis/redis.config.js';
import {
  throttlingConfigFrom,
  type ThrottlingConfig,
} from '../../security/throttling/throttling.config.js';
import type { Role } from '../../identity/users/user-role.entity.js';
import { ConfigError } from './config.errors.js';
import { resolveKeyRings } from './key-rings.js';
import { withSecretFiles } from './secret-files.js';
import { resolveSigningKeys, type SigningKeys } from './signing-keys.js';
import { envSchema, type Env } from './env.schema.js';
import { productionPolicyViolations } from './production-policy.js';

// Any setting may come from a mounted file (<NAME>_FILE); NODE_ENV says how strictly files are judged.
const FROM_FILES = Object.keys(envSchema.shape).filter((name) => name !== 'NODE_ENV');

export type RuntimeEnv = Env['NODE_ENV'];

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** The validated, typed configuration; the only way the application reads its environment. */
export interface AppConfig {
  readonly env: RuntimeEnv;
  readonly isProduction: boolean;
  /** OpenAPI UI at /docs: never in production, where it would map the attack surface for free. */
  readonly docsEnabled: boolean;
  readonly dataDir: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly requestTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly maxHeaderBytes: number;
    readonly maxHeaderCount: number;
    readonly maxUrlLength: number;
    readonly shutdownTimeoutMs: number;
    readonly corsOrigins: readonly string[];
    readonly trustedProxies: readonly string[];
    /** Bits of an IPv6 client address that name one client (limits, lockouts, bans). */
    readonly clientIpv6Prefix: number;
    readonly tls: TlsFiles | undefined;
  };
  readonly logging: LoggingConfig;
  readonly database: {
    /** Unset outside production: the embedded PGlite database under `dataDir` is used. */
    readonly url: string | undefined;
    /** The schema owner's URL (DATABASE_MIGRATION_URL, else DATABASE_URL): db:migrate, audit:archive. */
    readonly migrationUrl: string | undefined;
    readonly embeddedDir: string;
  };
  readonly tokens: {
    readonly signingKeys: SigningKeys;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
  };
  readonly keyRings: {
    /** Encrypts column values; see packages/field-encryption. */
    readonly fieldEncryption: KeyMaterial;
    /** Keys the blind indexes used for equality lookups; never the same keys as above. */
    readonly blindIndex: KeyMaterial;
    /** Keys the links of the audit chain (HMAC-SHA256); see src/audit/audit-chain.ts. */
    readonly auditChain: KeyMaterial;
  };
  /** argon2id cost, hashing concurrency bounds and the password policy. */
  readonly passwords: PasswordsConfig;
  /** Sender and transport of account mail: SMTP, or the development outbox. */
  readonly mail: MailConfig;
  readonly accounts: {
    /** Base of the links in account mail; the token travels in the URL fragment. */
    readonly publicAppUrl: string;
    /** Login refused until the e-mail address is verified (UNSAFE_ALLOW_UNVERIFIED_LOGIN). */
    readonly requireVerifiedEmail: boolean;
    readonly emailVerificationTtlSeconds: number;
    readonly passwordResetTtlSeconds: number;
  };
  /** Failures before a lock, the first lock's length, and the cap its doubling stops at. */
  readonly lockout: {
    readonly threshold: number;
    readonly baseSeconds: number;
    readonly maxSeconds: number;
  };
  readonly sessions: {
    readonly idleTimeoutSeconds: number;
    readonly absoluteLifetimeSeconds: number;
    /** Live sessions a user may hold; a new one ends the least recently used beyond it. */
    readonly maxPerUser: number;
    /** How recent a proof of a factor must be for the routes that need re-authentication. */
    readonly reauthenticationMaxAgeSeconds: number;
  };
  readonly mfa: {
    /** Sensitive routes need a second factor proved within this many seconds. */
    readonly stepUpMaxAgeSeconds: number;
    /** Holders of these roles must enrol MFA before they can do anything else. */
    readonly requiredRoles: readonly Role[];
  };
  /** An address failing against `distinctAccounts` accounts within the window is banned. */
  readonly ipBans: IpBansConfig;
  readonly retention: {
    /** Days after their end that sessions, mailed tokens and MFA challenges are deleted. */
    readonly graceDays: number;
    /** How often each instance purges them; 0: only `pnpm cli db:purge` does. */
    readonly purgeIntervalSeconds: number;
  };
  /** Named rate limits (THROTTLE_*), kept in Redis when it is configured. */
  readonly throttling: ThrottlingConfig;
  /** Unset: lockouts, session liveness and rate limits live in this process (one instance only). */
  readonly redisUrl: string | undefined;
  /** PEM CA bundle that a rediss:// server's certificate must chain to; unset: Node's public roots. */
  readonly redisCaFile: string | undefined;
}

export interface LoadConfigOptions {
  /** Receives one line per generated development secret, and per secret file others may read. */
  readonly warn?: (message: string) => void;
}

/** Validates `source` (normally `process.env`) and throws one {@link ConfigError} listing every problem. */
export function loadConfig(
  source: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions = {},
): AppConfig {
  const warn = options.warn ?? (() => undefined);
  const policy = { production: source.NODE_ENV === 'production', warn };
  const parsed = envSchema.safeParse(withSecretFiles(source, FROM_FILES, policy));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const violations = tlsPairViolations(env).concat(
    databaseUrlViolations(env),
    durationOrderViolations(env),
    loggingConfigViolations(env),
    redisConfigViolations(env),
    env.NODE_ENV === 'production' ? productionPolicyViolations(env) : [],
  );
  if (violations.length > 0) {
    throw new ConfigError(violations);
  }

  const dataDir = resolve(env.DATA_DIR);
  const keyRings = resolveKeyRings(env, dataDir, warn);
  const isProduction = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    isProduction,
    docsEnabled: !isProduction,
    dataDir,
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
      keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderBytes: env.MAX_HEADER_BYTES,
      maxHeaderCount: env.MAX_HEADER_COUNT,
      maxUrlLength: env.MAX_URL_LENGTH,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      corsOrigins: env.CORS_ORIGINS,
      trustedProxies: env.TRUSTED_PROXIES,
      clientIpv6Prefix: env.CLIENT_IPV6_PREFIX,
      tls:
        env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined
          ? { certFile: resolve(env.TLS_CERT_FILE), keyFile: resolve(env.TLS_KEY_FILE) }
          : undefined,
    },
    logging: loggingConfigFrom(env),
    database: {
      url: env.DATABASE_URL,
      migrationUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
      embeddedDir: resolve(dataDir, 'pglite'),
    },
    keyRings: {
      fieldEncryption: keyRings.FIELD_ENCRYPTION,
      blindIndex: keyRings.BLIND_INDEX,
      auditChain: keyRings.AUDIT_CHAIN,
    },
    tokens: {
      signingKeys: resolveSigningKeys(env, dataDir, policy),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    },
    passwords: passwordsConfigFrom(env),
    mail: mailConfigFrom(env, dataDir),
    accounts: {
      publicAppUrl: withoutTrailingSlashes(env.PUBLIC_APP_URL),
      requireVerifiedEmail: !env.UNSAFE_ALLOW_UNVERIFIED_LOGIN,
      emailVerificationTtlSeconds: env.EMAIL_VERIFICATION_TTL_SECONDS,
      passwordResetTtlSeconds: env.PASSWORD_RESET_TTL_SECONDS,
    },
    lockout: {
      threshold: env.LOGIN_LOCKOUT_THRESHOLD,
      baseSeconds: env.LOGIN_LOCKOUT_BASE_SECONDS,
      maxSeconds: env.LOGIN_LOCKOUT_MAX_SECONDS,
    },
    sessions: {
      idleTimeoutSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS,
      absoluteLifetimeSeconds: env.SESSION_ABSOLUTE_LIFETIME_SECONDS,
      maxPerUser: env.SESSION_MAX_PER_USER,
      reauthenticationMaxAgeSeconds: env.REAUTHENTICATION_MAX_AGE_SECONDS,
    },
    mfa: {
      stepUpMaxAgeSeconds: env.MFA_STEP_UP_MAX_AGE_SECONDS,
      requiredRoles:
        env.MFA_REQUIRED_ROLES ??
        (isProduction ? ['user', 'auditor', 'admin'] : ['admin', 'auditor']),
    },
    ipBans: ipBansConfigFrom(env),
    retention: {
      graceDays: env.RETENTION_GRACE_DAYS,
      purgeIntervalSeconds: env.RETENTION_PURGE_INTERVAL_SECONDS,
    },
    throttling: throttlingConfigFrom(env),
    redisUrl: env.REDIS_URL,
    redisCaFile: env.REDIS_CA_FILE === undefined ? undefined : resolve(env.REDIS_CA_FILE),
  };
}

function durationOrderViolations(env: Env): string[] {
  const violations: string[] = [];
  if (env.LOGIN_LOCKOUT_MAX_SECONDS < env.LOGIN_LOCKOUT_BASE_SECONDS) {
    violations.push('LOGIN_LOCKOUT_MAX_SECONDS: must be at least LOGIN_LOCKOUT_BASE_SECONDS');
  }
  if (env.SESSION_ABSOLUTE_LIFETIME_SECONDS < env.SESSION_IDLE_TIMEOUT_SECONDS) {
    violations.push(
      'SESSION_ABSOLUTE_LIFETIME_SECONDS: must be at least SESSION_IDLE_TIMEOUT_SECONDS',
    );
  }
  // A live session is checked by revocation and absolute expiry only: an access token must not
  // outlive the idle timeout of the session that issued it.
  if (env.SESSION_IDLE_TIMEOUT_SECONDS < env.ACCESS_TOKEN_TTL_SECONDS) {
    violations.push('SESSION_IDLE_TIMEOUT_SECONDS: must be at least ACCESS_TOKEN_TTL_SECONDS');
  }
  return violations;
}

// The embedded database has one role: there is no owner to separate from the runtime role.
function databaseUrlViolations(env: Env): string[] {
  return env.DATABASE_MIGRATION_URL !== undefined && env.DATABASE_URL === undefined
    ? ['DATABASE_MIGRATION_URL: needs DATABASE_URL (the embedded database has a single role)']
    : [];
}

function tlsPairViolations(env: Env): string[] {
  return (env.TLS_CERT_FILE === undefined) === (env.TLS_KEY_FILE === undefined)
    ? []
    : ['TLS_CERT_FILE, TLS_KEY_FILE: set both or neither'];
}

// A loop, not /\/+$/: that pattern rescans the run of slashes from each of its positions.
function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charAt(end - 1) === '/') {
    end -= 1;
  }
  return url.slice(0, end);
}
