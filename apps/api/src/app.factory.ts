import type { DynamicModule } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import multipart from '@fastify/multipart';
import type { FastifyServerOptions } from 'fastify';
import { AppModule } from './app.module.js';
import type { AppConfig } from './app.config.js';
import { boundedJsonParser } from './platform/http/bounded-json.parser.js';
import { clientErrorHandler, routerErrorHandler } from './platform/http/early-errors.js';
import { requestIdFor } from './platform/request-context/request-id.js';
import { requestLimitsHook } from './platform/http/request-limits.hook.js';
import { multipartRoutesOnlyHook } from './platform/http/multipart-upload.js';
import { DOCS_PATH, securityHeadersHook } from './platform/http/security-headers.js';
import { abortedRequestLogHook, accessLogHook } from './platform/logging/access-log.hook.js';
import { createAppLogger } from './platform/logging/app-logger.factory.js';
import { requestBodyLogHook } from './platform/logging/request-body-log.hook.js';
import { WinstonNestLogger } from './platform/logging/winston-nest.logger.js';
import { buildOpenApiDocument } from './access/openapi/openapi-document.js';
import { registerDevAccountLinks } from './identity/accounts/dev-account-links/dev-account-links.routes.js';
import { requestContextHook } from './platform/request-context/request-context.hook.js';
import { tlsServerOptions } from './platform/tls/tls-profile.js';

// Node checks header and request timeouts on this interval (default 30 s, which would let a
// slow client hold a socket for up to 30 s past the configured timeout).
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/**
 * Builds the API with every cross-cutting control applied; `main.ts`, the CLI and tests share it.
 * `logger` is the process's logger; its creator flushes and closes it after `app.close()`.
 */
export async function createApp(
  config: AppConfig,
  extraImports: DynamicModule['imports'] = [],
  logger: BulwarkLogger = createAppLogger(config),
): Promise<NestFastifyApplication> {
  const { http } = config;
  const nodeServer = {
    headersTimeout: http.headersTimeoutMs,
    maxHeaderSize: http.maxHeaderBytes,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
  const serverOptions: FastifyServerOptions = {
    bodyLimit: http.bodyLimitBytes,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    trustProxy: http.trustedProxies.length > 0 ? [...http.trustedProxies] : false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Requests that arrive while draining are still served; the socket closes after them.
    return503OnClosing: false,
    logger: false,
    frameworkErrors: routerErrorHandler(logger, config.docsEnabled),
    clientErrorHandler: clientErrorHandler(logger),
  };
  const adapter = new FastifyAdapter(
    http.tls === undefined
      ? { ...serverOptions, http: nodeServer }
      : { ...serverOptions, https: { ...nodeServer, ...tlsServerOptions(http.tls) } },
  );

  const fastify = adapter.getInstance();
  // Only JSON bodies are accepted; anything else is 415 rather than a string that reaches validation.
  fastify.removeContentTypeParser('text/plain');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    boundedJsonParser(fastify),
  );
  // Multipart bodies are streamed by the routes that take them (platform/http/multipart-upload.ts)
  // and refused everywhere else; nothing is buffered or written to a temporary file here.
  await fastify.register(multipart);
  fastify.addHook('preValidation', multipartRoutesOnlyHook);
  fastify.addHook('onRequest', requestContextHook);
  fastify.addHook('onRequest', securityHeadersHook(config.docsEnabled));
  fastify.addHook('onRequest', requestLimitsHook(http));
  fastify.addHook('onResponse', accessLogHook(logger));
  fastify.addHook('onRequestAbort', abortedRequestLogHook(logger));

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, extraImports),
    adapter,
    // Fastify's own JSON parser only: Nest's default would also accept urlencoded forms.
    { logger: new WinstonNestLogger(logger), abortOnError: false, bodyParser: false },
  );
  // One more than the limit, which requestLimitsHook enforces: Node drops fields past this count.
  app.getHttpServer().maxHeadersCount = http.maxHeaderCount + 1;
  if (config.logging.unsafeLogRequestBodies) {
    fastify.addHook('preHandler', requestBodyLogHook(logger));
  }
  // No allow-list, no CORS: browsers then refuse every cross-origin read, which is the safe default.
  if (http.corsOrigins.length > 0) {
    app.enableCors({
      origin: http.corsOrigins.includes('*') ? '*' : [...http.corsOrigins],
      credentials: false,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  if (config.accounts.devAccountLinks && !config.isProduction) {
    registerDevAccountLinks(fastify);
  }
  if (config.docsEnabled) {
    SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app));
  }
  await app.init();
  return app;
}
