import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../platform/config/env.schema.js';
import { configProblems } from '../../../test/support/config-problems.js';
import { passwordsConfigFrom, pwnedPasswordsProductionViolations } from './passwords.config.js';

const pwnedViolations = (url: string): string[] =>
  pwnedPasswordsProductionViolations(
    envSchema.parse({ NODE_ENV: 'production', PWNED_PASSWORDS_URL: url }),
  );

describe(passwordsConfigFrom.name, () => {
  it('defaults to the OWASP argon2id minimums, 12 code points, one hash per core and twice that queued', () => {
    const cores = availableParallelism();
    expect(passwordsConfigFrom(envSchema.parse({}))).toEqual({
      hashing: {
        memoryKib: 19_456,
        timeCost: 2,
        parallelism: 1,
        concurrency: cores,
        maxQueued: 2 * cores,
      },
      policy: { minLength: 12 },
    });
  });

  it('accepts stronger settings', () => {
    const config = passwordsConfigFrom(
      envSchema.parse({
        PASSWORD_MIN_LENGTH: '16',
        PASSWORD_HASH_MEMORY_KIB: '65536',
        PASSWORD_HASH_TIME_COST: '3',
        PASSWORD_HASH_PARALLELISM: '2',
        PASSWORD_HASH_CONCURRENCY: '4',
        PASSWORD_HASH_QUEUE_SIZE: '0',
      }),
    );
    expect(config).toEqual({
      hashing: { memoryKib: 65_536, timeCost: 3, parallelism: 2, concurrency: 4, maxQueued: 0 },
      policy: { minLength: 16 },
    });
  });

  it('sends no password check out of the process by default', () => {
    expect(passwordsConfigFrom(envSchema.parse({})).pwnedPasswords).toBeUndefined();
  });

  it('asks a Pwned Passwords range API when PWNED_PASSWORDS_URL is set, allowing on failure by default', () => {
    const config = (env: Record<string, string>) =>
      passwordsConfigFrom(envSchema.parse(env)).pwnedPasswords;
    expect(config({ PWNED_PASSWORDS_URL: 'https://api.pwnedpasswords.com' })).toEqual({
      baseUrl: 'https://api.pwnedpasswords.com/',
      timeoutMs: 1_500,
      onFailure: 'allow',
    });
    expect(
      config({
        PWNED_PASSWORDS_URL: 'https://mirror.internal:8443/pwned',
        PWNED_PASSWORDS_TIMEOUT_MS: '800',
        PWNED_PASSWORDS_FAILURE: 'refuse',
      }),
    ).toEqual({
      baseUrl: 'https://mirror.internal:8443/pwned/',
      timeoutMs: 800,
      onFailure: 'refuse',
    });
  });

  it.each([
    'https://api.pwnedpasswords.com',
    'http://127.0.0.1:8080',
    'http://localhost:8080/pwned/',
    'http://[::1]:8080',
  ])('lets production ask %s', (url) => {
    expect(pwnedViolations(url)).toEqual([]);
  });

  it('refuses plain http to another host in production', () => {
    expect(pwnedViolations('http://api.pwnedpasswords.com')).toEqual([
      expect.stringMatching(/^PWNED_PASSWORDS_URL: production needs https:\/\//),
    ]);
  });

  it.each([
    ['PASSWORD_HASH_MEMORY_KIB', '19455'],
    ['PASSWORD_HASH_TIME_COST', '1'],
    ['PASSWORD_HASH_PARALLELISM', '0'],
    ['PASSWORD_MIN_LENGTH', '7'],
    ['PASSWORD_MIN_LENGTH', '65'],
    ['PASSWORD_HASH_CONCURRENCY', '0'],
    ['PASSWORD_HASH_QUEUE_SIZE', '-1'],
    ['PWNED_PASSWORDS_URL', 'api.pwnedpasswords.com'],
    ['PWNED_PASSWORDS_URL', 'ftp://api.pwnedpasswords.com'],
    ['PWNED_PASSWORDS_URL', 'https://user:secret@mirror.internal'],
    ['PWNED_PASSWORDS_URL', 'https://mirror.internal/?key=1'],
    ['PWNED_PASSWORDS_TIMEOUT_MS', '99'],
    ['PWNED_PASSWORDS_TIMEOUT_MS', '10001'],
    ['PWNED_PASSWORDS_FAILURE', 'ignore'],
  ])('refuses to boot with %s=%s', (variable, value) => {
    const found = configProblems({ NODE_ENV: 'test', [variable]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable}: `));
    expect(found[0]).not.toContain('secret');
  });
});
