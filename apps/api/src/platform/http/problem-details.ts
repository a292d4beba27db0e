import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../database/postgres-errors.js';
import { AppError } from '../errors/app-error.js';

/** RFC 9457 problem details, before the request id is added. */
export interface ProblemWithoutRequestId {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Sent as the `Retry-After` header (RFC 9110), never in the body. */
  readonly retryAfterSeconds?: number;
  /** Sent as the `WWW-Authenticate` header (RFC 9110 §11.6.1), never in the body. */
  readonly wwwAuthenticate?: string;
  readonly [extension: string]: unknown;
}

/** What clients receive; `requestId` lets support find the logs without exposing them. */
export interface ProblemDetails extends ProblemWithoutRequestId {
  readonly requestId: string;
}

export const PROBLEM_TYPE_PREFIX = 'urn:bulwark:problem:';

// Fastify's own errors carry a stable code; their messages name the library, so they are replaced.
const FASTIFY_DETAILS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than the server accepts.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty but its Content-Type says JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
};

export function statusProblem(status: number, detail?: string): ProblemWithoutRequestId {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail === undefined ? {} : { detail }),
  };
}

/**
 * Maps anything thrown while serving a request to the problem a client may see. A domain error
 * carries its own problem; unknown errors become a generic 500, their details for the logs only.
 */
export function problemFor(error: unknown): ProblemWithoutRequestId {
  // Before the error's own problem: an audit write that met the database away is not a fault.
  if (isDatabaseUnavailable(error)) {
    return appErrorProblem(new DatabaseUnavailableError('Database unavailable', { cause: error }));
  }
  if (error instanceof AppError) {
    return appErrorProblem(error);
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's client errors (bad JSON, body too large…) with the original as `cause`.
    const status = error.getStatus();
    return statusProblem(status, status < 500 ? clientErrorDetail(error.cause) : undefined);
  }
  return statusProblem(500);
}

function appErrorProblem(error: AppError): ProblemWithoutRequestId {
  const { status, type, title, detail } = error.problemType;
  const occurrence = error.occurrence();
  const { extensions, retryAfterSeconds, wwwAuthenticate } = occurrence;
  return {
    ...statusProblem(status, occurrence.detail ?? detail),
    ...(type === undefined ? {} : { type: `${PROBLEM_TYPE_PREFIX}${type}` }),
    ...(title === undefined ? {} : { title }),
    ...extensions,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(wwwAuthenticate === undefined ? {} : { wwwAuthenticate }),
  };
}

function clientErrorDetail(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  return typeof code === 'string' ? FASTIFY_DETAILS[code] : undefined;
}
