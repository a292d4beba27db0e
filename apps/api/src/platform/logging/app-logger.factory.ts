import type { RuntimeConfig } from '../config/runtime.config.js';
import type { LoggingConfig } from './logging.config.js';
import { readFileSync } from 'node:fs';
import { createLogger, type BulwarkLogger, type WarningSink } from '@bulwark/logging';
import { RequestContext } from '../request-context/request-context.js';

/** The configuration sections this file reads. */
type SectionsRead = Pick<RuntimeConfig, 'env'> & { readonly logging: LoggingConfig };

export const SERVICE_NAME = 'bulwark-api';

// src/logging and dist/logging are both two levels below the package root.
export const { version: API_VERSION } = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** Test seams: where console lines and sink warnings go (default stdout and stderr). */
export interface AppLoggerOverrides {
  readonly consoleStream?: NodeJS.WritableStream;
  /** The console's own level (the sinks keep the configured one): the CLI shows warnings only. */
  readonly consoleLevel?: 'error' | 'warn';
  readonly warn?: WarningSink;
}

/** The process's one logger: console plus the configured sinks, with the request context on every line. */
export function createAppLogger(
  config: Pick<SectionsRead, 'env' | 'logging'>,
  overrides: AppLoggerOverrides = {},
): BulwarkLogger {
  const { logging } = config;
  const buffered = { bufferSize: logging.sinkBufferSize };
  return createLogger({
    service: SERVICE_NAME,
    env: config.env,
    version: API_VERSION,
    level: logging.level,
    context: () => RequestContext.current(),
    warn: overrides.warn,
    transports: {
      console: {
        format: logging.format,
        stream: overrides.consoleStream,
        level: overrides.consoleLevel,
      },
      file: logging.file === undefined ? undefined : { ...buffered, filename: logging.file },
      syslog: logging.syslog && { ...buffered, ...logging.syslog },
      otlp: logging.otlp && { ...buffered, ...logging.otlp },
    },
  });
}
