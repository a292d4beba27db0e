import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configProblems } from '../../../test/support/config-problems.js';
import { loadConfig } from '../../app.config.js';
import { envSchema } from './env.schema.js';
import { exposedBeyondApi, withSecretFiles } from './secret-files.js';
import { generateSigningKeyPem } from '../../identity/tokens/signing-keys.js';

const key = (kid: string): string => `${kid}:${randomBytes(32).toString('base64')}`;

describe(withSecretFiles.name, () => {
  let dir: string;
  const secret = (name: string, content: string, mode = 0o600): string => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode });
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-secret-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the database, Redis and SMTP URLs from mounted files, without the trailing newline', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      DATABASE_URL_FILE: secret('database-url', 'postgres://api:p%40ss@db.internal/bulwark\n'),
      REDIS_URL_FILE: secret('redis-url', 'rediss://:token@cache.internal:6379\r\n'),
      SMTP_URL_FILE: secret('smtp-url', 'smtps://mailer:secret@smtp.example.com'),
    });
    expect(config.database.url).toBe('postgres://api:p%40ss@db.internal/bulwark');
    expect(config.redis.url).toBe('rediss://:token@cache.internal:6379');
    expect(config.mail.transport).toMatchObject({
      kind: 'smtp',
      endpoint: { host: 'smtp.example.com', auth: { user: 'mailer', pass: 'secret' } },
    });
  });

  it('reads the key rings and JWT_SIGNING_KEYS from mounted files too', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      FIELD_ENCRYPTION_KEYS_FILE: secret('field', `${key('f1')}\n`),
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'f1',
      BLIND_INDEX_KEYS_FILE: secret('blind', `${key('b1')}\n`),
      BLIND_INDEX_ACTIVE_KEY_ID: 'b1',
      JWT_SIGNING_KEYS_FILE: secret('jwt', `j1:${generateSigningKeyPem()}`),
      JWT_ACTIVE_KEY_ID: 'j1',
    });
    expect(config.keyRings.fieldEncryption.activeKeyId).toBe('f1');
    expect(config.keyRings.blindIndex.activeKeyId).toBe('b1');
    expect(config.tokens.signingKeys.activeKeyId).toBe('j1');
  });

  it('is the one meaning of <NAME>_FILE: no variable of the schema is named like that', () => {
    const names = Object.keys(envSchema.shape);
    expect(names.filter((name) => names.includes(`${name}_FILE`))).toEqual([]);
  });

  it('refuses a variable set both inline and as a file', () => {
    expect(
      configProblems({
        DATA_DIR: dir,
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_URL_FILE: secret('redis-url', 'redis://127.0.0.1:6380'),
      }),
    ).toEqual(['REDIS_URL, REDIS_URL_FILE: set one, not both']);
  });

  it('names the variable and the path of a file it cannot read, in one line per file', () => {
    expect(
      configProblems({
        DATA_DIR: dir,
        DATABASE_URL_FILE: join(dir, 'missing'),
        SMTP_URL_FILE: dir,
      }),
    ).toEqual([
      `DATABASE_URL_FILE: cannot read ${join(dir, 'missing')} (ENOENT)`,
      `SMTP_URL_FILE: cannot read ${dir} (EISDIR)`,
    ]);
  });

  it('judges a value read from a file like an inline one, and never echoes it', () => {
    const problems = configProblems({
      DATA_DIR: dir,
      DATABASE_URL_FILE: secret('database-url', 'mysql://root:hunter2@db/bulwark'),
    });
    expect(problems).toEqual(['DATABASE_URL: must be a postgres:// URL']);
    expect(problems.join()).not.toContain('hunter2');
  });

  describe('a secret file that others than the API may read', () => {
    const production = (): Record<string, string> => ({
      NODE_ENV: 'production',
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://api@127.0.0.1/bulwark',
      TRUSTED_PROXIES: '10.0.0.0/8',
      LOG_STDOUT_COLLECTED: 'true',
      FIELD_ENCRYPTION_KEYS: key('f1'),
      FIELD_ENCRYPTION_ACTIVE_KEY_ID: 'f1',
      BLIND_INDEX_KEYS: key('b1'),
      BLIND_INDEX_ACTIVE_KEY_ID: 'b1',
      AUDIT_CHAIN_KEYS: key('a1'),
      AUDIT_CHAIN_ACTIVE_KEY_ID: 'a1',
      JWT_SIGNING_KEYS: `j1:${generateSigningKeyPem()}`,
      JWT_ACTIVE_KEY_ID: 'j1',
      MAIL_FROM: 'Bulwark <no-reply@example.com>',
      PUBLIC_APP_URL: 'https://app.example.com',
    });
    const smtpUrl = 'smtps://mailer:secret@smtp.example.com';

    it('is refused in production, naming the variable, the path and the mode', () => {
      const path = secret('smtp-url', smtpUrl, 0o644);
      expect(configProblems({ ...production(), SMTP_URL_FILE: path })).toEqual([
        expect.stringMatching(
          new RegExp(`^SMTP_URL_FILE: ${path} is readable by others than the API \\(mode 644, `),
        ),
      ]);
      const groupReadable = secret('smtp-url-640', smtpUrl, 0o640);
      expect(configProblems({ ...production(), SMTP_URL_FILE: groupReadable })).toEqual([
        expect.stringContaining('(mode 640, '),
      ]);
    });

    it('is accepted in production once private to the API', () => {
      const config = loadConfig({ ...production(), SMTP_URL_FILE: secret('smtp-url', smtpUrl) });
      expect(config.mail.transport).toMatchObject({ kind: 'smtp' });
    });

    it('also covers the signing key files of JWT_SIGNING_KEY_FILES', () => {
      const { JWT_SIGNING_KEYS: pem = '', ...withoutInlineKeys } = production();
      const path = secret('j1.pem', pem.slice('j1:'.length), 0o644);
      expect(
        configProblems({
          ...withoutInlineKeys,
          SMTP_URL: smtpUrl,
          JWT_SIGNING_KEY_FILES: `j1:${path}`,
        }),
      ).toEqual([expect.stringMatching(/^JWT_SIGNING_KEY_FILES: .* is readable by others/)]);
    });

    it('is read with a warning outside production', () => {
      const warn = vi.fn();
      const config = loadConfig(
        { DATA_DIR: dir, REDIS_URL_FILE: secret('redis-url', 'redis://127.0.0.1', 0o644) },
        { warn },
      );
      expect(config.redis.url).toBe('redis://127.0.0.1');
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^REDIS_URL_FILE: .* is readable by others than the API/),
      );
    });
  });
});

describe(exposedBeyondApi.name, () => {
  const api = 10_001;

  it.each([
    ['0600, its own', false, api, 0o600],
    ['0400, its own', false, api, 0o400],
    ['0640, its own', true, api, 0o640],
    ['0644, its own', true, api, 0o644],
    ['0604, its own', true, api, 0o604],
    ["0440, root's (Kubernetes fsGroup)", false, 0, 0o440],
    ["0640, root's (root:<service group>)", false, 0, 0o640],
    ["0644, root's (Kubernetes default)", true, 0, 0o644],
    ["0660, root's", true, 0, 0o660],
    ["0640, another user's", true, 1000, 0o640],
  ])('a file %s: exposed %s', (_name, exposed, owner, mode) => {
    expect(exposedBeyondApi(owner, mode, api)).toBe(exposed);
  });

  it('keeps an API that runs as root to files private to root', () => {
    expect(exposedBeyondApi(0, 0o640, 0)).toBe(true);
    expect(exposedBeyondApi(0, 0o600, 0)).toBe(false);
  });
});
