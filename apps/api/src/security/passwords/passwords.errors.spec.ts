import { Logger, type ArgumentsHost } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestRefusals } from '../../platform/http/request-refusals.js';
import { ProblemDetailsFilter } from '../../platform/http/problem-details.filter.js';
import { problemFor } from '../../platform/http/problem-details.js';
import { BreachCheckUnavailableError, PasswordHashingBusyError } from './passwords.errors.js';

interface SentReply {
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** The parts of Fastify's reply and Nest's host that the filter uses. */
function fakeHost(sent: SentReply): ArgumentsHost {
  const reply = {
    status: (code: number) => ((sent.status = code), reply),
    type: () => reply,
    headers: (values: Record<string, string>) => (Object.assign(sent.headers, values), reply),
    send: (body: unknown) => ((sent.body = body), reply),
  };
  const http = { getRequest: () => ({ id: 'req-1' }), getResponse: () => reply };
  // A structural stand-in: the filter reads nothing else from the host.
  return { switchToHttp: () => http } as unknown as ArgumentsHost;
}

describe(PasswordHashingBusyError.name, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('maps to 503 with a retry delay, naming neither passwords nor hashing', () => {
    const problem = problemFor(new PasswordHashingBusyError());
    expect(problem).toMatchObject({ status: 503, retryAfterSeconds: 1 });
    expect(JSON.stringify(problem)).not.toMatch(/password|hash|argon/i);
  });

  it('is answered with a Retry-After header, and the delay kept out of the body', () => {
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sent: SentReply = { headers: {} };
    // Only validation failures reach the audit service.
    new ProblemDetailsFilter({} as RequestRefusals).catch(
      new PasswordHashingBusyError(),
      fakeHost(sent),
    );

    expect(sent.status).toBe(503);
    expect(sent.headers).toEqual({ 'retry-after': '1' });
    expect(sent.body).toMatchObject({ status: 503, requestId: 'req-1' });
    expect(sent.body).not.toHaveProperty('retryAfterSeconds');
  });
});

describe(BreachCheckUnavailableError.name, () => {
  it('maps to 503 with a retry delay fit for an outage of a remote service', () => {
    expect(problemFor(new BreachCheckUnavailableError())).toMatchObject({
      status: 503,
      type: 'about:blank',
      retryAfterSeconds: 30,
    });
  });
});
