import { LoggerConfigError, type BulwarkLogger } from '@bulwark/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { bootSummary } from './boot-summary.js';
import { AuditRoleService } from './security/audit/audit-role.service.js';
import { AuditService } from './security/audit/audit.service.js';
import { loadConfig } from './app.config.js';
import { ConfigError } from './platform/config/config.errors.js';
import { InFlightRequests } from './platform/http/in-flight-requests.js';
import { createAppLogger } from './platform/logging/app-logger.factory.js';

// What the sinks get to deliver their buffers before the process exits.
const LOG_FLUSH_TIMEOUT_MS = 5_000;

async function main(): Promise<void> {
  // Configuration warnings wait for the logger that the configuration describes.
  const warnings: string[] = [];
  const config = loadConfig(process.env, { warn: (message) => warnings.push(message) });
  const logger = createAppLogger(config);
  for (const message of warnings) {
    logger.warn(message);
  }
  const app = await createApp(config, [], logger);
  await app.get(AuditRoleService).checkRuntimeRole();
  const audit = app.get(AuditService);
  await audit.record({ event: 'sys_startup', outcome: 'success', actor: 'system' });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info(`${signal} received: draining requests`);
    // The last resort, should a step below hang.
    setTimeout(() => {
      logger.error('Shutdown did not complete; exiting');
      process.exit(1);
    }, 3 * config.http.shutdownTimeoutMs).unref();
    const exit = async (code: number): Promise<never> => {
      await logger.flush(LOG_FLUSH_TIMEOUT_MS);
      logger.close();
      process.exit(code);
    };
    drainAndClose(app, audit, logger, config.http.shutdownTimeoutMs, signal).then(
      () => {
        logger.info('Stopped');
        return exit(0);
      },
      (error: unknown) => {
        logger.error('Shutdown failed', { error });
        return exit(1);
      },
    );
  };
  // Before listening: a signal that arrives once the server is reachable must find its handler.
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ host: config.http.host, port: config.http.port });
  const url = await app.getUrl();
  logger.info(`Listening on ${url} (${config.env})`, bootSummary(config, url));
}

/**
 * Stops in the order that loses nothing: no new connections; the handlers still running (those
 * whose client hung up included) finish, for up to `timeoutMs`; then Nest's shutdown commits the
 * audit rows and account work they queued, and only then closes Redis and the database pool.
 */
async function drainAndClose(
  app: NestFastifyApplication,
  audit: AuditService,
  logger: BulwarkLogger,
  timeoutMs: number,
  signal: NodeJS.Signals,
): Promise<void> {
  const server = app.getHttpServer();
  server.close();
  server.closeIdleConnections();
  const stillRunning = await app.get(InFlightRequests).settle(timeoutMs);
  if (stillRunning > 0) {
    logger.warn(`Drain period of ${timeoutMs} ms over: ${stillRunning} requests still running`);
  }
  // Connections still open now are idle keep-alives or clients too slow to finish a request.
  server.closeAllConnections();
  await audit
    .record({ event: 'sys_shutdown', outcome: 'success', actor: 'system', metadata: { signal } })
    // A failed write is already in the log stream; shutting down matters more.
    .catch(() => undefined);
  await app.close();
}

main().catch((error: unknown) => {
  // One line, no stack: a configuration mistake is not a crash.
  const line =
    error instanceof ConfigError
      ? error.message
      : error instanceof LoggerConfigError
        ? `Invalid logging configuration: ${error.message}`
        : `Startup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
