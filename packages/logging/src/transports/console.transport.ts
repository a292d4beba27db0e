import winston from 'winston';
import type TransportStream from 'winston-transport';
import { prettyFormat } from '../formats/pretty.format.js';
import { LoggerConfigError } from '../logger-config.error.js';
import type { LogLevel } from '../log-level.js';
import { JsonLinesTransport } from './json-lines.transport.js';

/** Console output: JSON lines, or human-readable lines in development only. */
export interface ConsoleTransportOptions {
  /** Least severe level written (default: the logger's level). */
  readonly level?: LogLevel;
  /** `pretty` is refused unless `env` is `development` (default `json`). */
  readonly format?: 'json' | 'pretty';
  /** Where lines go (default `process.stdout`). */
  readonly stream?: NodeJS.WritableStream;
}

export function createConsoleTransport(
  options: ConsoleTransportOptions,
  env: string,
): TransportStream {
  if (options.format === 'pretty' && env !== 'development') {
    throw new LoggerConfigError(
      `console.format "pretty" is for development only (env is "${env}")`,
    );
  }
  const stream = options.stream ?? process.stdout;
  if (options.format === 'pretty') {
    return new winston.transports.Stream({ stream, level: options.level, format: prettyFormat() });
  }
  return new JsonLinesTransport(stream, options.level);
}
