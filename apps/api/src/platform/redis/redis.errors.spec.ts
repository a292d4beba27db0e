import { describe, expect, it } from 'vitest';
import { problemFor } from '../http/problem-details.js';
import { redisCommand } from './redis.client.js';
import { SharedStateUnavailableError } from './redis.errors.js';

describe(SharedStateUnavailableError.name, () => {
  it('maps to 503 with a one-second Retry-After, naming neither Redis nor what it holds', () => {
    const problem = problemFor(new SharedStateUnavailableError());
    expect(problem).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'The service is temporarily unavailable. Retry after the delay in Retry-After.',
      retryAfterSeconds: 1,
    });
    expect(JSON.stringify(problem)).not.toMatch(/redis|lockout|session/i);
  });
});

describe(redisCommand.name, () => {
  it('turns any failure into SharedStateUnavailableError, keeping it as the cause', async () => {
    const failure = new Error('Stream isn’t writeable and enableOfflineQueue options is false');
    const rejected = redisCommand(() => Promise.reject(failure));
    await expect(rejected).rejects.toBeInstanceOf(SharedStateUnavailableError);
    await expect(rejected).rejects.toHaveProperty('cause', failure);
    await expect(redisCommand(() => Promise.resolve('PONG'))).resolves.toBe('PONG');
  });
});
