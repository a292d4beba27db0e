import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../config/env.schema.js';
import { configProblems } from '../../test/support/config-problems.js';
import { passwordsConfigFrom } from './passwords.config.js';

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

  it.each([
    ['PASSWORD_HASH_MEMORY_KIB', '19455'],
    ['PASSWORD_HASH_TIME_COST', '1'],
    ['PASSWORD_HASH_PARALLELISM', '0'],
    ['PASSWORD_MIN_LENGTH', '7'],
    ['PASSWORD_MIN_LENGTH', '65'],
    ['PASSWORD_HASH_CONCURRENCY', '0'],
    ['PASSWORD_HASH_QUEUE_SIZE', '-1'],
  ])('refuses to boot with %s=%s', (variable, value) => {
    const found = configProblems({ NODE_ENV: 'test', [variable]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${variable}: `));
  });
});
