import { describe, expect, it } from 'vitest';
import { configProblems } from '../../../test/support/config-problems.js';
import { envSchema } from './env.schema.js';
import { productionPolicyViolations } from './production-policy.js';
import { parseRedisUrl } from './redis-url.js';

describe(parseRedisUrl.name, () => {
  it('reads TLS, credentials, host, port and database', () => {
    expect(parseRedisUrl('rediss://api:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      tls: true,
      username: 'api',
      password: 'p@ss',
      db: 2,
    });
    expect(parseRedisUrl('redis://:token@[::1]')).toEqual({
      host: '::1',
      port: 6379,
      tls: false,
      username: undefined,
      password: 'token',
      db: 0,
    });
  });

  it.each([
    ['a TLS option in the query, which ioredis would apply', 'rediss://h:6379?tls=RedisCloudFixed'],
    ['a Unix socket in the query, which ioredis would connect to', 'redis://h:6379/?path=/tmp/r'],
    ['any other query parameter', 'rediss://h?enableOfflineQueue=true'],
    ['a database that is not a number', 'redis://h/cache'],
    ['a fragment', 'redis://h#x'],
    ['another scheme', 'http://h:6379'],
    ['a malformed %-escape', 'redis://:%E0%A4%A@h'],
  ])('refuses %s', (_name, url) => {
    expect(parseRedisUrl(url)).toBeUndefined();
  });
});

describe('Redis configuration', () => {
  const violations = (env: Record<string, string>): string[] =>
    productionPolicyViolations(envSchema.parse({ NODE_ENV: 'production', ...env })).filter((line) =>
      line.startsWith('REDIS'),
    );

  it('refuses plaintext to a Redis off this machine in production', () => {
    expect(violations({ REDIS_URL: 'redis://:token@cache.internal:6379' })).toEqual([
      'REDIS_URL: production needs rediss:// (TLS) unless Redis is on loopback',
    ]);
  });

  it('refuses a Redis off this machine without credentials in production', () => {
    expect(violations({ REDIS_URL: 'rediss://cache.internal:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL: production needs credentials /),
    ]);
    expect(violations({ REDIS_URL: 'rediss://api@cache.internal:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL: production needs credentials /),
    ]);
  });

  it('accepts rediss:// with the AUTH password or an ACL user in production', () => {
    expect(violations({ REDIS_URL: 'rediss://:token@cache.internal:6379' })).toEqual([]);
    expect(violations({ REDIS_URL: 'rediss://api:secret@cache.internal:6379/1' })).toEqual([]);
  });

  it('lets a Redis on loopback go without TLS or password', () => {
    expect(violations({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([]);
    expect(violations({ REDIS_URL: 'redis://localhost' })).toEqual([]);
  });

  it('refuses REDIS_CA_FILE without TLS in every environment', () => {
    expect(
      configProblems({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CA_FILE: '/etc/ca.pem' }),
    ).toEqual(['REDIS_CA_FILE: needs a rediss:// REDIS_URL (TLS)']);
  });

  it('names REDIS_URL when it carries query parameters, without echoing it', () => {
    const problems = configProblems({ REDIS_URL: 'rediss://:hunter2@cache.internal?tls=x' });
    expect(problems).toEqual([expect.stringMatching(/^REDIS_URL: must be redis:\/\//)]);
    expect(problems.join()).not.toContain('hunter2');
  });
});
