import type { BulwarkLogger } from '@bulwark/logging';
import type { FastifyRequest } from 'fastify';

/**
 * UNSAFE_LOG_REQUEST_BODIES (refused in production): every parsed body at debug level. The
 * logger's redaction still removes known secret keys and token patterns, but not personal data.
 */
export function requestBodyLogHook(logger: BulwarkLogger) {
  return (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    logger.debug('request body (UNSAFE_LOG_REQUEST_BODIES)', { unsafeRequestBody: request.body });
    done();
  };
}
