import { Logger } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module.js';
import { loadConfig } from './app.config.js';
import { ConfigError } from './platform/config/config.errors.js';
import { API_VERSION } from './platform/logging/app-logger.factory.js';

const logger = new Logger('Cli');

async function main(): Promise<void> {
  const config = loadConfig(process.env, {
    warn: (message) => {
      logger.warn(message);
    },
  });
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    version: API_VERSION,
    errorHandler: (error) => {
      // Commander has already printed its own errors and help; anything else is a command failure.
      const commander = 'code' in error && String(error.code).startsWith('commander.');
      if (!commander) {
        process.stderr.write(`${error.message}\n`);
      }
      process.exit(commander && 'exitCode' in error ? Number(error.exitCode) : 1);
    },
    // A command that throws has failed: nest-commander's default prints the error and exits 0.
    serviceErrorHandler: (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
