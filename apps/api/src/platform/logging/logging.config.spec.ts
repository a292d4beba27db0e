import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app.config.js';
import { ConfigError } from '../config/config.errors.js';
import { envSchema } from '../config/env.schema.js';
import { loggingConfigFrom } from './logging.config.js';

describe('logging configuration', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bulwark-logging-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig({ DATA_DIR: dataDir, ...env });
    } catch (error) {
      if (error instanceof ConfigError) {
        return error.message;
      }
      throw error;
    }
    return '';
  };

  it('logs JSON to the console only, at info, by default', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).logging).toMatchObject({
      level: 'info',
      format: 'json',
      file: undefined,
      syslog: undefined,
      otlp: undefined,
      sinkBufferSize: 10_000,
    });
  });

  it('logs pretty lines by default only in development on a terminal', () => {
    const format = (env: Record<string, string>, terminal: boolean) =>
      loggingConfigFrom(envSchema.parse(env), terminal).format;
    expect(format({}, true)).toBe('pretty');
    expect(format({}, false)).toBe('json');
    expect(format({ NODE_ENV: 'test' }, true)).toBe('json');
    expect(format({ NODE_ENV: 'production' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(format({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });

  it('builds the syslog sink with the RFC 5425 port and absolute file paths', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      LOG_SYSLOG_HOST: 'logs.internal',
      LOG_SYSLOG_CA_FILE: 'ca.pem',
    });
    expect(config.logging.syslog).toMatchObject({ host: 'logs.internal', port: 6514 });
    expect(config.logging.syslog?.caFile).toMatch(/^\/.*ca\.pem$/);
  });

  it.each([
    ['LOG_FORMAT', { NODE_ENV: 'test', LOG_FORMAT: 'pretty' }],
    ['LOG_FORMAT', { LOG_FORMAT: 'xml' }],
    [
      'LOG_SYSLOG_CERT_FILE, LOG_SYSLOG_KEY_FILE',
      { LOG_SYSLOG_HOST: 'h', LOG_SYSLOG_CERT_FILE: 'c' },
    ],
    ['LOG_SYSLOG_HOST', { LOG_SYSLOG_CA_FILE: 'ca.pem' }],
    ['LOG_SYSLOG_PORT', { LOG_SYSLOG_HOST: 'h', LOG_SYSLOG_PORT: '0' }],
    ['LOG_OTLP_ENDPOINT', { LOG_OTLP_ENDPOINT: 'collector:4318' }],
    ['LOG_SINK_BUFFER_SIZE', { LOG_SINK_BUFFER_SIZE: '0' }],
  ])('refuses a wrong %s', (name, env) => {
    expect(problems(env)).toContain(`${name}: `);
  });

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://api@db.internal:5432/bulwark?sslmode=verify-full',
      TRUSTED_PROXIES: '10.0.0.0/8',
      FIELD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      BLIND_INDEX_KEYS: `b1:${randomBytes(32).toString('base64')}`,
    };

    it('refuses to keep logs only on the host', () => {
      expect(problems(production)).toContain('LOG_SYSLOG_HOST: production ships logs off the host');
      expect(problems({ ...production, LOG_FILE: '/var/log/bulwark/api.log' })).toContain(
        'LOG_SYSLOG_HOST: ',
      );
    });

    it.each([
      ['a syslog collector', { LOG_SYSLOG_HOST: 'logs.internal' }],
      ['an OTLP collector', { LOG_OTLP_ENDPOINT: 'https://otel.internal:4318' }],
      ['a platform that collects stdout', { LOG_STDOUT_COLLECTED: 'true' }],
    ])('accepts %s', (_label, sink) => {
      expect(problems({ ...production, ...sink })).not.toContain('LOG_');
    });
  });

  it('allows human-readable output in development', () => {
    expect(problems({ NODE_ENV: 'development', LOG_FORMAT: 'pretty' })).toBe('');
  });
});
