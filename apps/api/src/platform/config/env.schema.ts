import { isIP } from 'node:net';
import { z } from 'zod';
import { parseMailbox } from './mail-address.js';
import { parseSmtpUrl } from './smtp-url.js';
import { parseRedisUrl } from './redis-url.js';

const splitCsv = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

const csv = z.string().default('').transform(splitCsv);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

// `<requests>/<seconds>`: a named limit's size (src/security/throttling/).
const rateLimit = (fallback: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,6}\/[1-9]\d{0,5}$/, 'must be <requests>/<seconds>, like 10/60')
    .default(fallback)
    .transform((value) => {
      const [limit, windowSeconds] = value.split('/').map(Number);
      return { limit: limit ?? 0, windowSeconds: windowSeconds ?? 0 };
    })
    .refine(({ windowSeconds }) => windowSeconds <= 86_400, 'the window must be at most 86400 s');

const origin = z.string().refine((value) => {
  if (value === '*') {
    return true;
  }
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'must be "*" or origins like https://app.example.com (scheme, host, optional port; no path)');

const cidr = z.string().refine((value) => {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}, 'must be IP addresses or CIDR ranges');

/**
 * Every environment variable the API reads, declared once. Names are the contract with operators:
 * README.md documents each one.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  UNSAFE_LOG_REQUEST_BODIES: z.stringbool().default(false),
  // Log sinks (src/platform/logging/logging.config.ts, docs/logging.md): console always, the others when set.
  // Unset: pretty in development when stdout is a terminal, else json.
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_FILE: z.string().min(1).optional(),
  LOG_SYSLOG_HOST: z.string().min(1).optional(),
  LOG_SYSLOG_PORT: z.coerce.number().int().min(1).max(65535).default(6514),
  LOG_SYSLOG_CA_FILE: z.string().min(1).optional(),
  LOG_SYSLOG_SERVERNAME: z.string().min(1).optional(),
  LOG_SYSLOG_CERT_FILE: z.string().min(1).optional(),
  LOG_SYSLOG_KEY_FILE: z.string().min(1).optional(),
  LOG_OTLP_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .optional(),
  LOG_OTLP_CA_FILE: z.string().min(1).optional(),
  LOG_SINK_BUFFER_SIZE: positiveInt(10_000),
  LOG_STDOUT_COLLECTED: z.stringbool().default(false),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // The role that owns the schema, for db:migrate and audit:archive; unset: DATABASE_URL's role.
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),

  CORS_ORIGINS: z.pipe(csv, z.array(origin)),
  TRUSTED_PROXIES: z.pipe(csv, z.array(cidr)),
  // What one IPv6 client counts as for limits, lockouts and bans: its /64 unless told otherwise.
  CLIENT_IPV6_PREFIX: z.coerce.number().int().min(32).max(128).default(64),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),

  BODY_LIMIT_BYTES: positiveInt(100 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  HEADERS_TIMEOUT_MS: positiveInt(10_000),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  MAX_HEADER_BYTES: positiveInt(16 * 1024),
  MAX_HEADER_COUNT: positiveInt(100),
  MAX_URL_LENGTH: positiveInt(2048),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),

  // Key rings: `<kid>:<base64 of 32 bytes>` entries and the active id. Like every variable here,
  // each may instead come from a mounted file named by <NAME>_FILE (src/platform/config/secret-files.ts).
  FIELD_ENCRYPTION_KEYS: z.string().min(1).optional(),
  FIELD_ENCRYPTION_ACTIVE_KEY_ID: z.string().min(1).optional(),
  BLIND_INDEX_KEYS: z.string().min(1).optional(),
  BLIND_INDEX_ACTIVE_KEY_ID: z.string().min(1).optional(),
  AUDIT_CHAIN_KEYS: z.string().min(1).optional(),
  AUDIT_CHAIN_ACTIVE_KEY_ID: z.string().min(1).optional(),

  // Access tokens (src/identity/tokens/): `<kid>:<path to a PKCS#8 PEM P-256 private key>` entries, or
  // `<kid>:<the PEM itself, line breaks included>` entries for platforms that inject secrets as
  // variables (ECS); comma-separated.
  JWT_SIGNING_KEY_FILES: z.string().min(1).optional(),
  JWT_SIGNING_KEYS: z.string().min(1).optional(),
  JWT_ACTIVE_KEY_ID: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).default('bulwark'),
  JWT_AUDIENCE: z.string().min(1).default('bulwark-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(900, 'must be at most 900 (15 minutes)')
    .default(600),

  // Passwords (src/security/passwords/): OWASP's argon2id parameters are floors; the ceilings catch typos
  // that would make every login allocate gigabytes or run for seconds.
  PASSWORD_MIN_LENGTH: z.coerce
    .number()
    .int()
    .min(8, 'must be at least 8 (ASVS 6.2.1)')
    .max(64, 'must be at most 64: ASVS requires 64-character passwords to be accepted')
    .default(12),
  PASSWORD_HASH_MEMORY_KIB: z.coerce
    .number()
    .int()
    .min(19_456, 'must be at least 19456 KiB (OWASP minimum for argon2id)')
    .max(1_048_576, 'must be at most 1048576 KiB (1 GiB) per hash')
    .default(19_456),
  PASSWORD_HASH_TIME_COST: z.coerce
    .number()
    .int()
    .min(2, 'must be at least 2 (OWASP minimum for argon2id at 19 MiB)')
    .max(20)
    .default(2),
  PASSWORD_HASH_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  // Unset: one hash per core, and twice that many waiting.
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().positive().optional(),
  PASSWORD_HASH_QUEUE_SIZE: z.coerce.number().int().min(0).optional(),
  // Breached passwords beyond the bundled list: a Pwned Passwords range API (k-anonymity), asked
  // only when set; docs/runbooks/pwned-passwords.md.
  PWNED_PASSWORDS_URL: z
    .string()
    .refine((value) => {
      const url = URL.parse(value);
      return (
        (url?.protocol === 'https:' || url?.protocol === 'http:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    }, 'must be an http(s):// base URL without credentials, query or fragment, like https://api.pwnedpasswords.com')
    .optional(),
  PWNED_PASSWORDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(1_500),
  PWNED_PASSWORDS_FAILURE: z.enum(['allow', 'refuse']).default('allow'),

  // Mail (src/platform/mail/): SMTP when SMTP_URL is set (always, in production), else .eml files.
  MAIL_FROM: z
    .string()
    .default('Bulwark <no-reply@localhost>')
    .refine(
      (value) => parseMailbox(value) !== undefined,
      'must be one address, like "Bulwark <no-reply@example.com>"',
    ),
  MAIL_OUTBOX_DIR: z.string().min(1).optional(),
  SMTP_URL: z
    .string()
    .transform((value, context) => {
      const endpoint = parseSmtpUrl(value);
      if (endpoint === undefined) {
        context.addIssue({
          code: 'custom',
          message:
            'must be smtps://[user:pass@]host[:port] or smtp://[user:pass@]host[:port][?requireTLS=true]',
        });
        return z.NEVER;
      }
      return endpoint;
    })
    .optional(),
  SMTP_CA_FILE: z.string().min(1).optional(),

  // Accounts (src/identity/accounts/): links in account mail point at the client application;
  // unset (refused in production): at the API's own development pages for them.
  PUBLIC_APP_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .optional(),
  UNSAFE_ALLOW_UNVERIFIED_LOGIN: z.stringbool().default(false),
  EMAIL_VERIFICATION_TTL_SECONDS: positiveInt(24 * 3600),
  PASSWORD_RESET_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(3600, 'must be at most 3600: a reset link is a credential sent by mail')
    .default(1800),
  LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_BASE_SECONDS: positiveInt(60),
  LOGIN_LOCKOUT_MAX_SECONDS: positiveInt(3600),

  // MFA (src/identity/mfa/): the age of the last second factor sensitive routes accept, and the roles
  // whose holders must enrol before anything else.
  MFA_STEP_UP_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
  // Unset: every role in production (ASVS 6.3.3), admin and auditor elsewhere.
  MFA_REQUIRED_ROLES: z
    .pipe(z.string().transform(splitCsv), z.array(z.enum(['user', 'auditor', 'admin'])))
    .optional(),

  // Passkeys (src/identity/webauthn/): the relying party. Unset origins: PUBLIC_APP_URL's origin, else
  // http://localhost:<PORT>; unset RP id: the first origin's host. Production: https origins only.
  WEBAUTHN_RP_ID: z.string().min(1).optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).max(64).default('Bulwark'),
  WEBAUTHN_ORIGINS: z.pipe(z.string().transform(splitCsv), z.array(origin)).optional(),
  // none: no attestation asked (the default; docs/security/controls.md says why); direct: refuse
  // authenticators that do not attest.
  WEBAUTHN_ATTESTATION: z.enum(['none', 'direct']).default('none'),
  // A signature counter that goes backwards (a possible cloned authenticator) is always audited;
  // false lets the sign-in through anyway.
  WEBAUTHN_REFUSE_COUNTER_REGRESSION: z.stringbool().default(true),

  // Sessions (src/identity/sessions/): a refresh token dies after the idle timeout or the absolute lifetime.
  SESSION_IDLE_TIMEOUT_SECONDS: positiveInt(24 * 3600),
  SESSION_ABSOLUTE_LIFETIME_SECONDS: positiveInt(14 * 24 * 3600),
  // A person has a few devices; beyond this, a new sign-in ends the least recently used session.
  SESSION_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(50),
  // Changing a factor or ending sessions needs a password or second factor proved this recently.
  // Retention (src/identity/retention/): ended sessions, tokens and challenges are deleted after this grace.
  RETENTION_GRACE_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  RETENTION_PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3600),
  REAUTHENTICATION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),

  // IP bans (src/security/ip-bans/): failures against this many distinct accounts within the window ban
  // the client address. At least 2: failures against one account are the lockout's business.
  IP_BAN_DISTINCT_ACCOUNTS: z.coerce.number().int().min(2).max(1000).default(10),
  IP_BAN_WINDOW_SECONDS: positiveInt(600),
  IP_BAN_DURATION_SECONDS: positiveInt(3600),
  // Addresses never counted nor banned; unset: loopback outside production, none in production.
  IP_BAN_EXEMPT: z.pipe(z.string().transform(splitCsv), z.array(cidr)).optional(),

  // Throttling (src/security/throttling/): README.md gives each limit's key and reasoning.
  THROTTLE_DEFAULT: rateLimit('300/60'),
  THROTTLE_LOGIN: rateLimit('10/60'),
  THROTTLE_REGISTER: rateLimit('10/3600'),
  THROTTLE_PASSWORD_FORGOT: rateLimit('5/3600'),
  THROTTLE_PASSWORD_RESET: rateLimit('20/600'),
  THROTTLE_MFA_VERIFY: rateLimit('10/300'),
  THROTTLE_REFRESH: rateLimit('60/60'),

  // Shared state of several instances: lockouts, session liveness and throttling (src/platform/redis/).
  REDIS_URL: z
    .string()
    .refine(
      (value) => parseRedisUrl(value) !== undefined,
      'must be redis:// or rediss://[[user]:password@]host[:port][/db], without query parameters',
    )
    .optional(),
  REDIS_CA_FILE: z.string().min(1).optional(),

  // Prometheus metrics on a listener of their own (src/platform/metrics/): off unless METRICS_PORT is set.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  // Traces (src/tracing.ts, preloaded): OTLP/HTTP export when set, nothing loaded otherwise. The
  // OpenTelemetry exporter reads these, and OTEL_EXPORTER_OTLP_CERTIFICATE, itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('bulwark-api'),
  // The share of traces kept, by Bulwark's default sampler or a traceidratio one (start-tracing.ts).
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  // Note attachments (src/resources/notes/attachments/): per-file size, per-user quota, per-note count.
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .default(10 * 1024 * 1024),
  ATTACHMENT_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 4)
    .default(100 * 1024 * 1024),
  ATTACHMENT_MAX_PER_NOTE: z.coerce.number().int().min(1).max(1000).default(20),
  // A download link is a credential of one user for one file: minutes, not hours.
  ATTACHMENT_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
  // Pending files (the scanner was down) are scanned again this often; 0: only `attachments:rescan`.
  ATTACHMENT_RESCAN_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  // File store (src/platform/file-store/): a private directory, or an S3-compatible bucket.
  FILE_STORE: z.enum(['local', 's3']).default('local'),
  FILE_STORE_DIR: z.string().min(1).optional(),
  FILE_STORE_S3_BUCKET: z.string().min(1).optional(),
  FILE_STORE_S3_PREFIX: z.string().default('attachments/'),
  FILE_STORE_S3_REGION: z.string().min(1).default('us-east-1'),
  // Unset: AWS. Set for an S3-compatible server (MinIO, Ceph…); path-style addressing then.
  FILE_STORE_S3_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .optional(),
  // Server-side encryption with this KMS key; the contents are encrypted by the API beforehand anyway.
  FILE_STORE_S3_KMS_KEY_ID: z.string().min(1).optional(),
  // Malware scanning (src/security/malware-scan/): clamd at tcp://host:port or unix:/path/to/socket.
  // Unset: uploads stay pending, never served: the failure is closed, not open.
  CLAMD_URL: z
    .string()
    .regex(/^(tcp:\/\/[^\s/]+:\d{1,5}|unix:\/[^\s]+)$/, 'must be tcp://host:port or unix:/path')
    .optional(),
  CLAMD_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
});

export type Env = z.infer<typeof envSchema>;

/** Key rings that development may generate into DATA_DIR and production must be given. */
export const KEY_RINGS = ['FIELD_ENCRYPTION', 'BLIND_INDEX', 'AUDIT_CHAIN'] as const;
export type KeyRingName = (typeof KEY_RINGS)[number];
