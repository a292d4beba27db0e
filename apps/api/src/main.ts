import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { loadConfig } from './config/app-config.js';
import { ConfigError } from './config/config.errors.js';
import { RequestAwareConsoleLogger } from './logging/request-aware-console.logger.js';

// JSON from the first line: configuration warnings are logged before the application exists.
Logger.overrideLogger(new RequestAwareConsoleLogger({ json: true }));
const logger = new Logger('Bootstrap');

async function main(): Promise<void> {
  const config = loadConfig(process.env, {
    warn: (message) => {
      logger.warn(message);
    },
  });
  const app = await createApp(config);
  await app.listen({ host: config.http.host, port: config.http.port });
  logger.log(`Listening on ${await app.getUrl()} (${config.env})`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.log(`${signal} received: draining requests`);
    const { shutdownTimeoutMs } = config.http;
    // In-flight requests get the drain period; connections still open after it (slow or silent
    // clients) are cut so they cannot hold the process. The second timer is the last resort.
    setTimeout(() => {
      logger.warn(`Drain period of ${shutdownTimeoutMs} ms over: closing remaining connections`);
      app.getHttpServer().closeAllConnections();
    }, shutdownTimeoutMs).unref();
    setTimeout(() => {
      logger.error('Shutdown did not complete; exiting');
      process.exit(1);
    }, 2 * shutdownTimeoutMs).unref();
    app.close().then(
      () => {
        logger.log('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  // One line, no stack: a configuration mistake is not a crash.
  const line =
    error instanceof ConfigError
      ? error.message
      : `Startup failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
