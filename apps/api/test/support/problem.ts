import { expect } from 'vitest';
import type { Problem } from './api-client.js';

// What an error response must never reveal, whatever was sent.
const LEAK_PATTERNS = [
  /\bat .+:\d+/,
  /node_modules/,
  /\/srv\//,
  /\bSELECT\b/i,
  /typeorm|fastify|nestjs|pglite/i,
  /Error:/,
];

export type { Problem as ProblemBody } from './api-client.js';

/** Asserts an RFC 9457 response with the request id echoed, and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const text = await response.text();
  for (const pattern of LEAK_PATTERNS) {
    expect(text).not.toMatch(pattern);
  }
  const body = JSON.parse(text) as Problem;
  expect(body.status).toBe(status);
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  return body;
}
