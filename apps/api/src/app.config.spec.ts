import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './app.config.js';
import { ConfigError } from './platform/config/config.errors.js';
import { generateSigningKeyPem } from './identity/tokens/signing-keys.js';

const key = (kid: string): string => `${kid}:${randomBytes(32).toString('base64')}`;

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(loadConfig.name, () => {
  let dataDir: string;
  let production: Record<string, string>;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-config-'));
    production = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://api@db.internal:5432/bulwark?sslmode=verify-full',
      TRUSTED_PROXIES: '10.0.0.0/8',
      LOG_SYSLOG_HOST: 'logs.internal',
      FIELD_ENCRYPTION_KEYS: `${key('k2')},${key('k1')}`,
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'k2',
      BLIND_INDEX_KEYS: key('b1'),
      BLIND_INDEX_ACTIVE_KEY_ID: 'b1',
      AUDIT_CHAIN_KEYS: key('a1'),
      AUDIT_CHAIN_ACTIVE_KEY_ID: 'a1',
      JWT_SIGNING_KEY_FILES: `j1:${writeKey('j1.pem', generateSigningKeyPem())}`,
      JWT_ACTIVE_KEY_ID: 'j1',
      SMTP_URL: 'smtps://mailer:secret@smtp.example.com',
      MAIL_FROM: 'Bulwark <no-reply@example.com>',
      PUBLIC_APP_URL: 'https://app.example.com',
    };
  });

  function writeKey(name: string, pem: string): string {
    const path = join(dataDir, name);
    writeFileSync(path, pem, { mode: 0o600 });
    return path;
  }
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('defaults to the safe settings', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.env).toBe('development');
    expect(config.http).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 102_400,
      corsOrigins: [],
      trustedProxies: [],
      tls: undefined,
    });
    expect(config.logging.unsafeLogRequestBodies).toBe(false);
    expect(config.database.url).toBeUndefined();
    expect(config.accounts.requireVerifiedEmail).toBe(true);
    expect(config.lockout).toEqual({ threshold: 5, baseSeconds: 60, maxSeconds: 3600 });
    expect(config.sessions).toEqual({
      idleTimeoutSeconds: 86_400,
      absoluteLifetimeSeconds: 1_209_600,
      maxPerUser: 50,
      reauthenticationMaxAgeSeconds: 600,
    });
    expect(config.redis.url).toBeUndefined();
    expect(config.ipBans).toEqual({
      distinctAccounts: 10,
      windowSeconds: 600,
      durationSeconds: 3600,
      redisKeyPrefix: 'bulwark:ip-ban:',
      exempt: ['127.0.0.0/8', '::1/128'],
    });
    expect(config.mfa).toEqual({ stepUpMaxAgeSeconds: 600, requiredRoles: ['admin', 'auditor'] });
    expect(config.http).toMatchObject({ maxUrlLength: 2048, maxHeaderCount: 100 });
    expect(config.throttling.limits).toEqual({
      default: { limit: 300, windowSeconds: 60 },
      login: { limit: 10, windowSeconds: 60 },
      register: { limit: 10, windowSeconds: 3600 },
      'password-forgot': { limit: 5, windowSeconds: 3600 },
      'password-reset': { limit: 20, windowSeconds: 600 },
      'mfa-verify': { limit: 10, windowSeconds: 300 },
      refresh: { limit: 60, windowSeconds: 60 },
    });
  });

  it('reads a named rate limit as <requests>/<seconds>', () => {
    const config = loadConfig({ DATA_DIR: dataDir, THROTTLE_LOGIN: '3/900' });
    expect(config.throttling.limits.login).toEqual({ limit: 3, windowSeconds: 900 });
  });

  it.each([
    [
      'LOGIN_LOCKOUT_MAX_SECONDS',
      { LOGIN_LOCKOUT_BASE_SECONDS: '600', LOGIN_LOCKOUT_MAX_SECONDS: '60' },
    ],
    [
      'SESSION_ABSOLUTE_LIFETIME_SECONDS',
      { SESSION_IDLE_TIMEOUT_SECONDS: '7200', SESSION_ABSOLUTE_LIFETIME_SECONDS: '3600' },
    ],
    [
      'SESSION_IDLE_TIMEOUT_SECONDS',
      { SESSION_IDLE_TIMEOUT_SECONDS: '300', ACCESS_TOKEN_TTL_SECONDS: '600' },
    ],
  ])('refuses durations out of order (%s)', (name, values) => {
    const error = configError(() => loadConfig({ DATA_DIR: dataDir, ...values }));
    expect(error.message).toContain(`${name}: must be at least`);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['BODY_LIMIT_BYTES', '-1'],
    ['CORS_ORIGINS', 'https://app.example.com/path'],
    ['TRUSTED_PROXIES', '10.0.0.0/33'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['UNSAFE_LOG_REQUEST_BODIES', 'maybe'],
    ['REDIS_URL', 'http://cache:6379'],
    ['PASSWORD_RESET_TTL_SECONDS', '86400'],
    ['PUBLIC_APP_URL', 'javascript:alert(1)'],
    ['MFA_REQUIRED_ROLES', 'admin,root'],
    ['THROTTLE_LOGIN', '10'],
    ['THROTTLE_LOGIN', '0/60'],
    ['THROTTLE_REFRESH', '10/0'],
    ['THROTTLE_DEFAULT', '300/86401'],
    ['MAX_URL_LENGTH', '0'],
    ['IP_BAN_DISTINCT_ACCOUNTS', '1'],
  ])('names %s when its value is invalid', (name, value) => {
    const error = configError(() => loadConfig({ DATA_DIR: dataDir, [name]: value }));
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a secret it rejects', () => {
    const secret = 'k1:this-is-my-real-secret-but-malformed';
    const error = configError(() =>
      loadConfig({
        DATA_DIR: dataDir,
        FIELD_ENCRYPTION_KEYS: secret,
        FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      }),
    );
    expect(error.message).toContain('FIELD_ENCRYPTION_KEYS');
    expect(error.message).not.toContain('this-is-my-real-secret');
  });

  it('rejects placeholder keys such as all zeros', () => {
    const zeros = `k1:${Buffer.alloc(32).toString('base64')}`;
    const error = configError(() =>
      loadConfig({
        DATA_DIR: dataDir,
        FIELD_ENCRYPTION_KEYS: zeros,
        FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'k1',
      }),
    );
    expect(error.message).toContain('FIELD_ENCRYPTION_KEYS: entry 1 is not 32 random bytes');
  });

  it('requires the active key id to name a configured key', () => {
    const error = configError(() =>
      loadConfig({
        DATA_DIR: dataDir,
        BLIND_INDEX_KEYS: key('b1'),
        BLIND_INDEX_ACTIVE_KEY_ID: 'b2',
      }),
    );
    expect(error.message).toContain('BLIND_INDEX_ACTIVE_KEY_ID: ');
  });

  it('reads a key ring from a mounted file, and refuses it alongside an inline one', () => {
    const file = join(dataDir, 'field-keys');
    writeFileSync(file, `${key('f1')}\n${key('f0')}\n`);
    const fromFile = {
      DATA_DIR: dataDir,
      FIELD_ENCRYPTION_KEYS_FILE: file,
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'f1',
    };
    expect(loadConfig(fromFile).keyRings.fieldEncryption.keys.map((entry) => entry.id)).toEqual([
      'f1',
      'f0',
    ]);
    const both = configError(() => loadConfig({ ...fromFile, FIELD_ENCRYPTION_KEYS: key('f1') }));
    expect(both.message).toContain(
      'FIELD_ENCRYPTION_KEYS, FIELD_ENCRYPTION_KEYS_FILE: set one, not both',
    );
  });

  it('requires both TLS files or neither', () => {
    const error = configError(() => loadConfig({ DATA_DIR: dataDir, TLS_CERT_FILE: 'cert.pem' }));
    expect(error.message).toContain('TLS_CERT_FILE, TLS_KEY_FILE');
  });

  it('serves metrics only when METRICS_PORT is set, on loopback, never on the public port', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).metrics).toEqual({
      port: undefined,
      host: '127.0.0.1',
      token: undefined,
    });
    expect(loadConfig({ DATA_DIR: dataDir, METRICS_PORT: '9464' }).metrics.port).toBe(9464);
    expect(
      configError(() => loadConfig({ DATA_DIR: dataDir, PORT: '3000', METRICS_PORT: '3000' }))
        .message,
    ).toContain('METRICS_PORT: must differ from PORT');
    const shortToken = configError(() =>
      loadConfig({ DATA_DIR: dataDir, METRICS_PORT: '9464', METRICS_TOKEN: 'short' }),
    ).message;
    expect(shortToken).toContain('METRICS_TOKEN: must be at least 32 characters');
    expect(shortToken).not.toContain('short');
  });

  it('refuses a JWT signing key that is not P-256, or cannot be read', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const wrongCurve = configError(() =>
      loadConfig({
        DATA_DIR: dataDir,
        JWT_SIGNING_KEY_FILES: `r1:${writeKey('rsa.pem', rsa)}`,
        JWT_ACTIVE_KEY_ID: 'r1',
      }),
    );
    expect(wrongCurve.message).toContain('is not a P-256 (ES256) key');
    const missing = configError(() =>
      loadConfig({
        DATA_DIR: dataDir,
        JWT_SIGNING_KEY_FILES: 'j1:/nonexistent.pem',
        JWT_ACTIVE_KEY_ID: 'j1',
      }),
    );
    expect(missing.message).toContain('JWT_SIGNING_KEY_FILES: ');
  });

  describe('outside production', () => {
    it('generates one JWT signing key, privately, and reuses it after a restart', () => {
      const first = loadConfig({ DATA_DIR: dataDir }).tokens.signingKeys.keys[0]!;
      const second = loadConfig({ DATA_DIR: dataDir }).tokens.signingKeys.keys[0]!;
      expect(second.privateKey.equals(first.privateKey)).toBe(true);
      expect(statSync(join(dataDir, 'jwt', 'dev1.pem')).mode & 0o777).toBe(0o600);
    });

    it('generates missing secrets once, privately, and reuses them after a restart', () => {
      const warn = vi.fn();
      const first = loadConfig({ DATA_DIR: dataDir }, { warn });
      const second = loadConfig({ DATA_DIR: dataDir }, { warn });
      expect(second.keyRings).toEqual(first.keyRings);
      // Both warnings come from the first start: key rings, then the JWT signing key.
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringContaining('FIELD_ENCRYPTION, BLIND_INDEX, AUDIT_CHAIN'),
        expect.stringContaining('JWT signing key'),
      ]);
      const file = join(dataDir, 'secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      expect(stored.FIELD_ENCRYPTION_KEYS).not.toBe(stored.BLIND_INDEX_KEYS);
    });

    it('prefers configured secrets over generated ones', () => {
      const config = loadConfig({
        DATA_DIR: dataDir,
        FIELD_ENCRYPTION_KEYS: key('ops1'),
        FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'ops1',
      });
      expect(config.keyRings.fieldEncryption.activeKeyId).toBe('ops1');
      expect(config.keyRings.blindIndex.activeKeyId).toBe('dev1');
    });

    it('exempts loopback from IP bans unless IP_BAN_EXEMPT says otherwise', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).ipBans.exempt).toEqual(['127.0.0.0/8', '::1/128']);
      expect(loadConfig({ DATA_DIR: dataDir, IP_BAN_EXEMPT: '' }).ipBans.exempt).toEqual([]);
    });

    it('refuses a tampered secrets file instead of silently replacing it', () => {
      loadConfig({ DATA_DIR: dataDir });
      const file = join(dataDir, 'secrets.json');
      writeFileSync(
        file,
        '{"FIELD_ENCRYPTION_KEYS":"k1:c2hvcnQ=","FIELD_ENCRYPTION_ACTIVE_KEY_ID":"k1"}',
      );
      expect(configError(() => loadConfig({ DATA_DIR: dataDir })).message).toContain(
        'secrets.json FIELD_ENCRYPTION_KEYS: entry 1',
      );
    });
  });

  describe('in production', () => {
    it('accepts a complete, safe configuration', () => {
      const config = loadConfig(production);
      expect(config.isProduction).toBe(true);
      expect(config.docsEnabled).toBe(false);
      expect(config.database.url).toBe(production.DATABASE_URL);
      expect(config.database.migrationUrl).toBe(production.DATABASE_URL);
    });

    it('migrates as the owner role of DATABASE_MIGRATION_URL when given', () => {
      const migrationUrl = 'postgres://owner@db.internal:5432/bulwark?sslmode=verify-full';
      const config = loadConfig({ ...production, DATABASE_MIGRATION_URL: migrationUrl });
      expect(config.database).toMatchObject({ url: production.DATABASE_URL, migrationUrl });
      expect(
        configError(() => loadConfig({ DATA_DIR: dataDir, DATABASE_MIGRATION_URL: migrationUrl }))
          .message,
      ).toContain('DATABASE_MIGRATION_URL: needs DATABASE_URL');
      expect(
        configError(() =>
          loadConfig({
            ...production,
            DATABASE_MIGRATION_URL: 'postgres://owner@db.internal/bulwark',
          }),
        ).message,
      ).toContain('DATABASE_MIGRATION_URL: ');
    });

    it.each([
      ['UNSAFE_LOG_REQUEST_BODIES', { UNSAFE_LOG_REQUEST_BODIES: 'true' }],
      ['TLS_CERT_FILE', { TRUSTED_PROXIES: '' }],
      ['CORS_ORIGINS', { CORS_ORIGINS: 'https://app.example.com,*' }],
      ['DATABASE_URL', { DATABASE_URL: undefined }],
      ['FIELD_ENCRYPTION_KEYS', { FIELD_ENCRYPTION_KEYS: undefined }],
      ['BLIND_INDEX_KEYS', { BLIND_INDEX_KEYS: undefined }],
      ['AUDIT_CHAIN_KEYS', { AUDIT_CHAIN_KEYS: undefined }],
      ['FIELD_ENCRYPTION_ACTIVE_KEY_ID', { FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'k3' }],
      ['JWT_SIGNING_KEY_FILES', { JWT_SIGNING_KEY_FILES: undefined }],
      ['JWT_ACTIVE_KEY_ID', { JWT_ACTIVE_KEY_ID: 'j2' }],
      ['UNSAFE_ALLOW_UNVERIFIED_LOGIN', { UNSAFE_ALLOW_UNVERIFIED_LOGIN: 'true' }],
      ['PUBLIC_APP_URL', { PUBLIC_APP_URL: 'http://app.example.com' }],
      ['PUBLIC_APP_URL', { PUBLIC_APP_URL: undefined }],
      ['MFA_REQUIRED_ROLES', { MFA_REQUIRED_ROLES: 'auditor' }],
    ])('refuses an unsafe or missing %s', (name, override) => {
      const error = configError(() => loadConfig({ ...production, ...override }));
      expect(error.message).toContain(`${name}: `);
    });

    it('requires MFA of every role unless an explicit MFA_REQUIRED_ROLES opts out (never of admins)', () => {
      expect(loadConfig(production).mfa.requiredRoles).toEqual(['user', 'auditor', 'admin']);
      expect(
        loadConfig({ ...production, MFA_REQUIRED_ROLES: 'admin,auditor' }).mfa.requiredRoles,
      ).toEqual(['admin', 'auditor']);
    });

    it('exempts no address from IP bans unless told to', () => {
      expect(loadConfig(production).ipBans.exempt).toEqual([]);
      expect(loadConfig({ ...production, IP_BAN_EXEMPT: '10.0.0.0/8' }).ipBans.exempt).toEqual([
        '10.0.0.0/8',
      ]);
    });

    it('requires a metrics token off loopback', () => {
      const exposed = { ...production, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' };
      expect(configError(() => loadConfig(exposed)).message).toContain(
        'METRICS_TOKEN: required in production when METRICS_HOST is not loopback',
      );
      const token = 'a'.repeat(32);
      expect(loadConfig({ ...exposed, METRICS_TOKEN: token }).metrics.token).toBe(token);
      expect(loadConfig({ ...production, METRICS_PORT: '9464' }).metrics.host).toBe('127.0.0.1');
    });

    it('exports traces over TLS unless the collector is on loopback', () => {
      const plain = {
        ...production,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.internal:4318',
      };
      expect(configError(() => loadConfig(plain)).message).toContain(
        'OTEL_EXPORTER_OTLP_ENDPOINT: production exports traces over https://',
      );
      for (const endpoint of ['https://collector.internal:4318', 'http://127.0.0.1:4318']) {
        expect(() =>
          loadConfig({ ...production, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
        ).not.toThrow();
      }
    });

    it('refuses a trace sampling share outside 0–1', () => {
      for (const share of ['2', '-0.1', 'ten percent']) {
        expect(
          configError(() => loadConfig({ ...production, OTEL_TRACES_SAMPLER_ARG: share })).message,
        ).toContain('OTEL_TRACES_SAMPLER_ARG');
      }
      expect(() => loadConfig({ ...production, OTEL_TRACES_SAMPLER_ARG: '0.25' })).not.toThrow();
    });

    it('never generates secrets', () => {
      configError(() => loadConfig({ ...production, FIELD_ENCRYPTION_KEYS: undefined }));
      expect(existsSync(join(dataDir, 'secrets.json'))).toBe(false);
    });

    it('accepts a native TLS listener instead of a trusted proxy', () => {
      const config = loadConfig({
        ...production,
        TRUSTED_PROXIES: '',
        TLS_CERT_FILE: 'c.pem',
        TLS_KEY_FILE: 'k.pem',
      });
      expect(config.http.tls?.certFile).toMatch(/c\.pem$/);
    });
  });
});
