import type {
  HeadersObject,
  OpenAPIObject,
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger';
import {
  PROBLEM,
  PROBLEM_MEDIA_TYPE,
  problemSchema,
  problemTypesOf,
  RETRY_AFTER_HEADER,
  type ProblemType,
} from '../../platform/http/api-problem-response.decorator.js';
import { IP_BAN_EXEMPT_ROUTES } from '../../security/ip-bans/ip-ban-check.hook.js';
import type { RouteDeclaration } from './route-declarations.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A refusal a route's declaration implies: its status, problem type and when it is sent. */
interface Refusal {
  readonly status: number;
  readonly type: ProblemType;
  readonly description: string;
  readonly headers?: HeadersObject;
}

const RATE_LIMIT_HEADERS: HeadersObject = {
  ...RETRY_AFTER_HEADER,
  RateLimit: {
    description: 'The refusing limit, e.g. `"login";r=0;t=42` (on refusals only, by design).',
    schema: { type: 'string', maxLength: 200 },
  },
  'RateLimit-Policy': {
    description: 'The refusing limit\'s size, e.g. `"login";q=5;w=900`.',
    schema: { type: 'string', maxLength: 200 },
  },
};

const REFUSALS = {
  invalidAccessToken: {
    status: 401,
    type: 'about:blank',
    description:
      'The access token is missing, malformed, expired, revoked or forged: one answer for every reason.',
    headers: {
      'WWW-Authenticate': {
        description: 'Always `Bearer` (RFC 6750).',
        schema: { type: 'string', enum: ['Bearer'] },
      },
    },
  },
  ipBanned: {
    status: 403,
    type: `${PROBLEM}ip-banned`,
    description:
      '`ip-banned`: the client address failed sign-ins against too many accounts; every request is refused until Retry-After.',
    headers: RETRY_AFTER_HEADER,
  },
  mfaEnrolmentRequired: {
    status: 403,
    type: `${PROBLEM}mfa-enrolment-required`,
    description: '`mfa-enrolment-required`: a role of the caller requires MFA, not enrolled yet.',
  },
  stepUpRequired: {
    status: 403,
    type: `${PROBLEM}step-up-required`,
    description:
      '`step-up-required`: no second factor proved in this session recently (POST /auth/mfa/step-up).',
  },
  reauthenticationRequired: {
    status: 403,
    type: `${PROBLEM}reauthentication-required`,
    description:
      '`reauthentication-required`: no password or second factor proved within REAUTHENTICATION_MAX_AGE_SECONDS (POST /auth/reauthenticate or /auth/mfa/step-up).',
  },
  malformedBody: {
    status: 400,
    type: `${PROBLEM}malformed-body`,
    description:
      '`malformed-body`: the body is not UTF-8, nests deeper than 16 levels, has an object of more than 100 keys, a key longer than 128 characters, an array of more than 1000 items, a string that is not well-formed Unicode, or a `__proto__` key or a `constructor` holding `prototype` (prototype pollution).',
  },
  serviceUnavailable: {
    status: 503,
    type: 'about:blank',
    description:
      'The database or Redis is out of reach, or the server sheds load: retry after Retry-After.',
    headers: RETRY_AFTER_HEADER,
  },
  permissionDenied: {
    status: 403,
    type: `${PROBLEM}permission-denied`,
    description: "`permission-denied`: the caller's roles lack a permission the route requires.",
  },
  rateLimited: {
    status: 429,
    type: `${PROBLEM}rate-limited`,
    description:
      '`rate-limited`: over a rate limit (every route counts against `default`, per address).',
    headers: RATE_LIMIT_HEADERS,
  },
  internalError: {
    status: 500,
    type: 'about:blank',
    description: 'Unexpected error; the body carries the requestId to quote, nothing else.',
  },
} as const satisfies Record<string, Refusal>;

/**
 * Adds to each operation the answers its declaration implies (security, 401, 403, 429, 500), so
 * that no route documents fewer refusals than the guards give. Explicit answers of the same status
 * keep their description and problem types; the implied ones are added to them.
 */
export function documentAccessResponses(
  document: OpenAPIObject,
  declarations: ReadonlyMap<string, RouteDeclaration>,
): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) {
        continue;
      }
      const declaration = declarations.get(operation.operationId ?? '');
      if (declaration === undefined) {
        throw new Error(`No route declaration found for ${method.toUpperCase()} ${path}`);
      }
      if (!declaration.isPublic) {
        operation.security = [{ bearer: [] }];
      }
      for (const refusal of refusalsOf(path, declaration, operation.requestBody !== undefined)) {
        addRefusal(operation, refusal);
      }
    }
  }
}

function refusalsOf(path: string, declaration: RouteDeclaration, hasBody: boolean): Refusal[] {
  const refusals: Refusal[] = hasBody ? [REFUSALS.malformedBody] : [];
  if (!IP_BAN_EXEMPT_ROUTES.has(path)) {
    refusals.push(REFUSALS.ipBanned);
  }
  if (!declaration.isPublic) {
    refusals.push(REFUSALS.invalidAccessToken);
    const mfaRequiredByPolicy = declaration.recentMfa === 'always';
    if (!declaration.allowedDuringMfaEnrolment || mfaRequiredByPolicy) {
      refusals.push(REFUSALS.mfaEnrolmentRequired);
    }
    if (declaration.authorization?.kind === 'permissions') {
      refusals.push(REFUSALS.permissionDenied);
    }
    if (declaration.recentMfa !== undefined) {
      refusals.push(REFUSALS.stepUpRequired);
    }
    if (declaration.recentAuthentication) {
      refusals.push(REFUSALS.reauthenticationRequired);
    }
  }
  if (declaration.rateLimited) {
    refusals.push(REFUSALS.rateLimited);
  }
  refusals.push(REFUSALS.internalError);
  // Liveness answers without any dependency, and so does the shell before the application.
  if (path !== '/health/live') {
    refusals.push(REFUSALS.serviceUnavailable);
  }
  return refusals;
}

function addRefusal(operation: OperationObject, refusal: Refusal): void {
  const key = String(refusal.status);
  const existing = operation.responses[key] as ResponseObject | undefined;
  if (existing === undefined) {
    operation.responses[key] = {
      description: refusal.description,
      ...(refusal.headers === undefined ? {} : { headers: refusal.headers }),
      content: { [PROBLEM_MEDIA_TYPE]: { schema: problemSchema([refusal.type]) } },
    };
    return;
  }
  const types = problemTypesOf(existing);
  if (types === undefined) {
    // Merging into a response that lists no types would document an incomplete list.
    throw new Error(`${operation.operationId ?? ''} ${key}: list its problem types`);
  }
  const known = types.includes(refusal.type);
  operation.responses[key] = {
    ...existing,
    description: known ? existing.description : `${existing.description}\n\n${refusal.description}`,
    ...(existing.headers === undefined && refusal.headers === undefined
      ? {}
      : { headers: { ...existing.headers, ...refusal.headers } }),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: problemSchema([...types, refusal.type]) } },
  };
}
