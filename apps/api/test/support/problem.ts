import { expect } from 'vitest';

// What an error response must never reveal, whatever was sent.
const LEAK_PATTERNS = [
  /\bat .+:\d+/,
  /node_modules/,
  /\/srv\//,
  /\bSELECT\b/i,
  /typeorm|fastify|nestjs|pglite/i,
  /Error:/,
];

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly requestId: string;
  readonly [extension: string]: unknown;
}

/** Asserts an RFC 9457 response with the request id echoed, and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<ProblemBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await response.text();
  for (const pattern of LEAK_PATTERNS) {
    expect(text).not.toMatch(pattern);
  }
  const body = JSON.parse(text) as ProblemBody;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body;
}
