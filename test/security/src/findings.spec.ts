import { describe as suite, expect, it } from 'vitest';
import { judge } from './findings.js';
import type { HttpAnswer } from './raw-http.js';

const PROBLEM = { type: 'about:blank', title: 'Bad Request', status: 400, requestId: 'r-1' };

function answer(
  status: number,
  headers: Record<string, string>,
  body: unknown,
  durationMs = 5,
): HttpAnswer {
  return {
    kind: 'answer',
    status,
    headers: new Map(Object.entries(headers)),
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    durationMs,
  };
}

const problemJson = { 'content-type': 'application/problem+json; charset=utf-8' };

suite(judge.name, () => {
  it('accepts successes and problem+json errors with their four fields', () => {
    expect(judge(answer(200, { 'content-type': 'application/json' }, {}), 1000)).toBeUndefined();
    expect(judge(answer(400, problemJson, PROBLEM), 1000)).toBeUndefined();
  });

  it('accepts a 503 with Retry-After as load shedding, but no other 5xx', () => {
    const shed = { ...PROBLEM, status: 503, title: 'Service Unavailable' };
    expect(judge(answer(503, { ...problemJson, 'retry-after': '1' }, shed), 1000)).toBeUndefined();
    expect(judge(answer(503, problemJson, shed), 1000)?.kind).toBe('server-error');
    expect(judge(answer(500, problemJson, { ...PROBLEM, status: 500 }), 1000)?.kind).toBe(
      'server-error',
    );
  });

  it('reports errors that are not problem+json, lack a field or disagree on the status', () => {
    const framework = { statusCode: 400, code: 'FST_ERR_BAD_URL', error: 'Bad Request' };
    expect(judge(answer(400, { 'content-type': 'application/json' }, framework), 1000)?.kind).toBe(
      'not-problem-json',
    );
    expect(judge(answer(400, {}, ''), 1000)?.kind).toBe('not-problem-json');
    const withoutRequestId = { type: 'about:blank', title: 'Bad Request', status: 400 };
    expect(judge(answer(400, problemJson, withoutRequestId), 1000)?.detail).toMatch(/requestId/);
    expect(judge(answer(400, problemJson, { ...PROBLEM, status: 401 }), 1000)?.kind).toBe(
      'not-problem-json',
    );
  });

  it('reports answers slower than the bound, timeouts and connections closed without an answer', () => {
    expect(judge(answer(200, {}, {}, 6000), 5000)?.kind).toBe('slow-answer');
    expect(judge({ kind: 'timeout', error: 'no answer', durationMs: 7000 }, 5000)?.kind).toBe(
      'slow-answer',
    );
    expect(judge({ kind: 'transport', error: 'ECONNRESET', durationMs: 3 }, 5000)?.kind).toBe(
      'transport-error',
    );
  });
});
