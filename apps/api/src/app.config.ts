import { accountsConfigFrom, type AccountsConfig } from './identity/accounts/accounts.config.js';
import { mfaConfigFrom, type MfaConfig } from './identity/mfa/mfa.config.js';
import {
  retentionConfigFrom,
  type RetentionConfig,
} from './identity/retention/retention.config.js';
import {
  sessionsConfigFrom,
  sessionsConfigViolations,
  type SessionsConfig,
} from './identity/sessions/sessions.config.js';
import { tokensConfigFrom, type TokensConfig } from './identity/tokens/tokens.config.js';
import {
  webAuthnConfigFrom,
  webAuthnConfigViolations,
  type WebAuthnConfig,
} from './identity/webauthn/webauthn.config.js';
import { ConfigError } from './platform/config/config.errors.js';
import { readEnvironment, type ReadEnvironmentOptions } from './platform/config/environment.js';
import { keyRingsConfigFrom, type KeyRingsConfig } from './platform/config/key-rings.js';
import { productionPolicyViolations } from './platform/config/production-policy.js';
import { runtimeConfigFrom, type RuntimeConfig } from './platform/config/runtime.config.js';
import {
  databaseConfigFrom,
  databaseConfigViolations,
  type DatabaseConfig,
} from './platform/database/database.config.js';
import {
  httpConfigFrom,
  httpConfigViolations,
  type HttpConfig,
} from './platform/http/http.config.js';
import {
  loggingConfigFrom,
  loggingConfigViolations,
  type LoggingConfig,
} from './platform/logging/logging.config.js';
import { mailConfigFrom, type MailConfig } from './platform/mail/mail.config.js';
import {
  metricsConfigFrom,
  metricsConfigViolations,
  metricsProductionViolations,
  type MetricsConfig,
} from './platform/metrics/metrics.config.js';
import {
  redisConfigFrom,
  redisConfigViolations,
  type RedisConfig,
} from './platform/redis/redis.config.js';
import {
  attachmentsConfigFrom,
  type AttachmentsConfig,
} from './resources/notes/attachments/attachments.config.js';
import {
  fileStoreConfigFrom,
  fileStoreConfigViolations,
  type FileStoreConfig,
} from './platform/file-store/file-store.config.js';
import {
  malwareScanConfigFrom,
  type MalwareScanConfig,
} from './security/malware-scan/malware-scan.config.js';
import { ipBansConfigFrom, type IpBansConfig } from './security/ip-bans/ip-bans.config.js';
import {
  lockoutConfigFrom,
  lockoutConfigViolations,
  type LockoutConfig,
} from './security/lockout/lockout.config.js';
import {
  passwordsConfigFrom,
  pwnedPasswordsProductionViolations,
  type PasswordsConfig,
} from './security/passwords/passwords.config.js';
import {
  throttlingConfigFrom,
  type ThrottlingConfig,
} from './security/throttling/throttling.config.js';

/**
 * The validated, typed configuration; the only way the application reads its environment. Each
 * capability owns its section (`<capability>.config.ts`); this is where they are put together.
 */
export interface AppConfig extends RuntimeConfig {
  readonly http: HttpConfig;
  readonly logging: LoggingConfig;
  readonly database: DatabaseConfig;
  readonly keyRings: KeyRingsConfig;
  /** Sender and transport of account mail: SMTP, or the development outbox. */
  readonly mail: MailConfig;
  readonly redis: RedisConfig;
  readonly tokens: TokensConfig;
  /** argon2id cost, hashing concurrency bounds and the password policy. */
  readonly passwords: PasswordsConfig;
  readonly accounts: AccountsConfig;
  readonly lockout: LockoutConfig;
  readonly sessions: SessionsConfig;
  readonly mfa: MfaConfig;
  /** The passkey relying party: its id, name and the origins ceremonies may come from. */
  readonly webauthn: WebAuthnConfig;
  /** An address failing against `distinctAccounts` accounts within the window is banned. */
  readonly ipBans: IpBansConfig;
  readonly retention: RetentionConfig;
  /** Named rate limits (THROTTLE_*), kept in Redis when it is configured. */
  readonly throttling: ThrottlingConfig;
  /** The Prometheus listener: off unless METRICS_PORT is set, loopback by default. */
  readonly metrics: MetricsConfig;
  /** Where uploaded files' encrypted contents live. */
  readonly fileStore: FileStoreConfig;
  readonly malwareScan: MalwareScanConfig;
  readonly attachments: AttachmentsConfig;
}

/** Validates `source` (normally `process.env`) and throws one {@link ConfigError} listing every problem. */
export function loadConfig(
  source: Readonly<Record<string, string | undefined>>,
  options: ReadEnvironmentOptions = {},
): AppConfig {
  const environment = readEnvironment(source, options);
  const { env } = environment;
  const violations = [
    ...httpConfigViolations(env),
    ...databaseConfigViolations(env),
    ...lockoutConfigViolations(env),
    ...sessionsConfigViolations(env),
    ...loggingConfigViolations(env),
    ...redisConfigViolations(env),
    ...metricsConfigViolations(env),
    ...webAuthnConfigViolations(env),
    ...fileStoreConfigViolations(env),
    ...(env.NODE_ENV === 'production'
      ? [
          ...productionPolicyViolations(env),
          ...pwnedPasswordsProductionViolations(env),
          ...metricsProductionViolations(env),
        ]
      : []),
  ];
  if (violations.length > 0) {
    throw new ConfigError(violations);
  }
  const runtime = runtimeConfigFrom(env);
  const { dataDir } = runtime;
  return {
    ...runtime,
    http: httpConfigFrom(env),
    logging: loggingConfigFrom(env),
    database: databaseConfigFrom(env, dataDir),
    keyRings: keyRingsConfigFrom(env, dataDir, environment.secretFiles.warn),
    mail: mailConfigFrom(env, dataDir),
    redis: redisConfigFrom(env),
    tokens: tokensConfigFrom(env, dataDir, environment.secretFiles),
    passwords: passwordsConfigFrom(env),
    accounts: accountsConfigFrom(env),
    lockout: lockoutConfigFrom(env),
    sessions: sessionsConfigFrom(env),
    mfa: mfaConfigFrom(env),
    webauthn: webAuthnConfigFrom(env),
    ipBans: ipBansConfigFrom(env),
    retention: retentionConfigFrom(env),
    throttling: throttlingConfigFrom(env),
    metrics: metricsConfigFrom(env),
    fileStore: fileStoreConfigFrom(env, dataDir),
    malwareScan: malwareScanConfigFrom(env),
    attachments: attachmentsConfigFrom(env),
  };
}
