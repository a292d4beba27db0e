import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { RequestContext } from '../request-context/request-context.js';

const NEST_LEVELS: Readonly<Record<AppConfig['logging']['level'], LogLevel[]>> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Nest's JSON console logger, with the current request's id and client address on every line. */
export class RequestAwareConsoleLogger extends ConsoleLogger {
  protected override getJsonLogObject(
    ...args: Parameters<ConsoleLogger['getJsonLogObject']>
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    return { ...super.getJsonLogObject(...args), ...RequestContext.current() };
  }
}

export function createLogger(config: AppConfig): RequestAwareConsoleLogger {
  return new RequestAwareConsoleLogger({
    json: true,
    logLevels: NEST_LEVELS[config.logging.level],
  });
}
