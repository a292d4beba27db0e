import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import {
  problemSchema,
  problemTypesOf,
} from '../../platform/http/api-problem-response.decorator.js';
import { documentAccessResponses } from './access-responses.js';
import type { RouteDeclaration } from './route-declarations.js';

const SIGNED_IN: RouteDeclaration = {
  isPublic: false,
  authorization: { kind: 'authenticated' },
  allowedDuringMfaEnrolment: false,
  recentMfa: undefined,
  recentAuthentication: false,
  rateLimited: true,
};

function documentWith(path: string, responses: Record<string, ResponseObject> = {}): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 'test', version: '1' },
    paths: { [path]: { post: { operationId: 'Controller_handler', responses } } },
  };
}

function documented(
  declaration: RouteDeclaration,
  path = '/things',
  responses: Record<string, ResponseObject> = {},
) {
  const document = documentWith(path, responses);
  documentAccessResponses(document, new Map([['Controller_handler', declaration]]));
  const operation = document.paths[path]?.post;
  if (operation === undefined) {
    throw new Error('no operation');
  }
  const typesOf = (status: number) =>
    problemTypesOf(operation.responses[String(status)] as ResponseObject | undefined);
  return { operation, typesOf };
}

describe(documentAccessResponses.name, () => {
  it('documents the bearer token, 401 and the 403 of an unenrolled MFA on a signed-in route', () => {
    const { operation, typesOf } = documented(SIGNED_IN);

    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(typesOf(401)).toEqual(['about:blank']);
    expect(typesOf(403)).toEqual([
      'urn:bulwark:problem:ip-banned',
      'urn:bulwark:problem:mfa-enrolment-required',
    ]);
  });

  it('adds permission-denied and step-up-required to permission-gated routes', () => {
    const { typesOf } = documented({
      ...SIGNED_IN,
      authorization: { kind: 'permissions', permissions: ['users:read'] },
      allowedDuringMfaEnrolment: true,
      recentMfa: 'always',
    });

    expect(typesOf(403)).toEqual([
      'urn:bulwark:problem:ip-banned',
      'urn:bulwark:problem:mfa-enrolment-required',
      'urn:bulwark:problem:permission-denied',
      'urn:bulwark:problem:step-up-required',
    ]);
  });

  it('adds reauthentication-required to routes that need a recent proof of a factor', () => {
    const { typesOf } = documented({ ...SIGNED_IN, recentAuthentication: true });

    expect(typesOf(403)).toContain('urn:bulwark:problem:reauthentication-required');
  });

  it('documents a refused body where there is one, and 503 with Retry-After but on liveness', () => {
    const withBody = documentWith('/things');
    withBody.paths['/things']!.post!.requestBody = { content: {} };
    documentAccessResponses(withBody, new Map([['Controller_handler', SIGNED_IN]]));
    const operation = withBody.paths['/things']!.post!;
    expect(problemTypesOf(operation.responses['400'] as ResponseObject)).toEqual([
      'urn:bulwark:problem:malformed-body',
    ]);
    const unavailable = operation.responses['503'] as ResponseObject;
    expect(Object.keys(unavailable.headers ?? {})).toContain('Retry-After');
    expect(documented(SIGNED_IN, '/health/live').operation.responses['503']).toBeUndefined();
  });

  it('documents no token and no 401 on a public route, and no 429 where nothing is limited', () => {
    const { operation, typesOf } = documented({
      ...SIGNED_IN,
      isPublic: true,
      rateLimited: false,
    });

    expect(operation.security).toBeUndefined();
    expect(typesOf(401)).toBeUndefined();
    expect(typesOf(429)).toBeUndefined();
    expect(typesOf(500)).toEqual(['about:blank']);
  });

  it('documents 429 with Retry-After on every rate-limited route, and no ban where a ban leaves the route open', () => {
    const { operation, typesOf } = documented(SIGNED_IN, '/health/live');

    expect(typesOf(403)).toEqual(['urn:bulwark:problem:mfa-enrolment-required']);
    expect(typesOf(429)).toEqual(['urn:bulwark:problem:rate-limited']);
    const tooMany = operation.responses['429'] as ResponseObject;
    expect(Object.keys(tooMany.headers ?? {})).toContain('Retry-After');
  });

  it("adds to a route's own answer of the same status, keeping its description and types", () => {
    const own = {
      description: 'Right password, e-mail address not verified.',
      content: {
        'application/problem+json': {
          schema: problemSchema(['urn:bulwark:problem:email-not-verified']),
        },
      },
    };
    const { operation, typesOf } = documented({ ...SIGNED_IN, isPublic: true }, '/login', {
      403: own,
    });

    expect(typesOf(403)).toEqual([
      'urn:bulwark:problem:email-not-verified',
      'urn:bulwark:problem:ip-banned',
    ]);
    expect((operation.responses['403'] as ResponseObject).description).toMatch(/^Right password/);
  });

  it('refuses to add to an answer of the same status that lists no problem types', () => {
    const untyped = { description: 'Forbidden.', content: { 'application/problem+json': {} } };

    expect(() => documented(SIGNED_IN, '/things', { 403: untyped })).toThrow(/problem types/);
  });
});
