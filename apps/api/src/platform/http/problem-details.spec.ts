import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { NotReadyError } from '../health/health.errors.js';
import { problemFor } from './problem-details.js';
import { RequestValidationError } from './request-validation.errors.js';

describe(problemFor.name, () => {
  it('maps a validation error to 400 with its fields', () => {
    const problem = problemFor(
      new RequestValidationError([{ name: 'email', reason: 'email must be an email' }]),
    );
    expect(problem).toMatchObject({
      status: 400,
      type: 'urn:bulwark:problem:validation-failed',
      invalidParams: [{ name: 'email', reason: 'email must be an email' }],
    });
  });

  it('maps a readiness failure to 503 with check statuses only', () => {
    expect(problemFor(new NotReadyError({ database: 'down' }))).toMatchObject({
      status: 503,
      checks: { database: 'down' },
    });
  });

  it('keeps the status of an HTTP exception but never its message', () => {
    const problem = problemFor(new NotFoundException('Cannot GET /internal/admin-panel'));
    expect(problem).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('replaces a Fastify parser message with its own detail', () => {
    const cause = Object.assign(
      new Error("Body is not valid JSON but content-type is set to 'application/json'"),
      {
        code: 'FST_ERR_CTP_INVALID_JSON_BODY',
        statusCode: 400,
      },
    );
    const problem = problemFor(new BadRequestException(cause.message, { cause }));
    expect(problem.detail).toBe('The request body is not valid JSON.');
  });

  it.each([
    ['an Error', new Error('connect ECONNREFUSED 10.0.0.5:5432')],
    ['a string', 'boom'],
    ['a 502 HttpException', new HttpException('upstream said: stack at x.js:1', 502)],
  ])('turns %s into a generic server error', (_label, thrown) => {
    const problem = problemFor(thrown);
    expect(problem.status).toBeGreaterThanOrEqual(500);
    expect(problem.detail).toBeUndefined();
    expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|upstream|boom/);
  });
});
