import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFor } from './problem-details.js';

/**
 * Turns everything thrown while serving a request into application/problem+json. Nest routes
 * Fastify's own errors (body parsing, unknown routes) through here too. Server errors are logged
 * with their stack; the client sees only the generic problem and the request id that finds the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const problem = problemFor(exception);
    if (problem.status >= 500) {
      this.logger.error(
        exception instanceof Error ? `${exception.name}: ${exception.message}` : 'Non-error thrown',
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    void http
      .getResponse<FastifyReply>()
      .status(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send({ ...problem, requestId: request.id });
  }
}
