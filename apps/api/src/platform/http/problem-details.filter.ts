import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from './problem-details.js';
import { RequestRefusals } from './request-refusals.js';
import { MalformedBodyError, RequestValidationError } from './request-validation.errors.js';

// Field names come from the client (unknown properties): bounded like any other input.
const MAX_AUDITED_FIELDS = 20;

/**
 * Turns everything thrown while serving a request into application/problem+json. Nest routes
 * Fastify's own errors (body parsing, unknown routes) through here too. Server errors are logged
 * with their stack; the client sees only the generic problem and the request id that finds the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly refusals: RequestRefusals) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = problemFor(exception);
    // A 500 is a fault to investigate; a 503 (busy, not ready) is an expected state, already
    // visible in health and metrics, and logging each would flood the logs under load.
    if (problem.status === 500) {
      this.logger.error(
        exception instanceof Error ? `${exception.name}: ${exception.message}` : 'Non-error thrown',
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    const { retryAfterSeconds, wwwAuthenticate, ...body } = problem;
    const headers = {
      ...(retryAfterSeconds !== undefined && { 'retry-after': String(retryAfterSeconds) }),
      ...(wwwAuthenticate !== undefined && { 'www-authenticate': wwwAuthenticate }),
    };
    const send = (): void => {
      void http
        .getResponse<FastifyReply>()
        .status(problem.status)
        .type('application/problem+json; charset=utf-8')
        .headers(headers)
        .send({ ...body, requestId: request.id });
    };
    if (exception instanceof RequestValidationError || exception instanceof MalformedBodyError) {
      // Answered after the audit row: a flood of invalid requests waits for the database instead
      // of queueing events in memory. Answered whatever happens to the row.
      void this.recordValidationFailure(request, exception).then(send, send);
    } else {
      send();
    }
  }

  private async recordValidationFailure(
    request: FastifyRequest,
    error: RequestValidationError | MalformedBodyError,
  ): Promise<void> {
    const metadata =
      error instanceof MalformedBodyError
        ? { reason: error.reason }
        : {
            fields: [...new Set(error.invalidParams.map((param) => param.name))].slice(
              0,
              MAX_AUDITED_FIELDS,
            ),
          };
    await this.refusals.recordInvalidInput({
      route: `${request.method} ${request.routeOptions.url ?? '(unmatched)'}`,
      // Fields the API never declared (`roles`, `isAdmin`…) are a mass-assignment attempt.
      massAssignment: error instanceof RequestValidationError && error.unexpectedFields.length > 0,
      metadata,
    });
  }
}
