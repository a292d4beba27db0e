import type { LoggerService } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';

type Level = 'error' | 'warn' | 'info' | 'verbose' | 'debug';

const ALL_LEVELS: ReadonlySet<Level> = new Set(['error', 'warn', 'info', 'verbose', 'debug']);

// How Nest's ConsoleLogger tells a stack trace from a context name among the trailing arguments.
const STACK_TRACE = /\n[ \t]+at .+:\d+:\d+/;

const isStack = (value: unknown): boolean => typeof value === 'string' && STACK_TRACE.test(value);

// Nest's start-up chatter (a line per module and per route, ~80 in all): debug, not info, so that
// a start shows what a person needs (main.ts prints a summary) and LOG_LEVEL=debug still lists it.
const STARTUP_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * Nest's `LoggerService` on the Bulwark winston logger. Written here rather than taken from
 * nest-winston 2.0: that bridge logs Nest's `fatal` at a level winston's npm levels do not have
 * (winston drops the line) and spreads an error's own properties, such as a client's request
 * config, into the line.
 */
export class WinstonNestLogger implements LoggerService {
  /** `levels`: Nest's messages to keep; the CLI keeps warnings only (it reports its own errors). */
  constructor(
    private readonly logger: BulwarkLogger,
    private readonly levels: ReadonlySet<Level> = ALL_LEVELS,
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  /** winston has no fatal level: an error line marked `fatal: true`. */
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params, { fatal: true });
  }

  private write(
    level: Level,
    message: unknown,
    params: readonly unknown[],
    extra: Record<string, unknown> = {},
  ): void {
    if (!this.levels.has(level)) {
      return;
    }
    // Nest appends the context name last; error() passes the stack (or undefined) before it.
    const last = params.at(-1);
    const context = typeof last === 'string' && !isStack(last) ? last : undefined;
    const written = level === 'info' && STARTUP_CONTEXTS.has(context ?? '') ? 'debug' : level;
    const rest = (context === undefined ? params : params.slice(0, -1)).filter(
      (param) => param !== undefined,
    );
    const stack = rest.find(isStack);
    const others = rest.filter((param) => param !== stack);
    this.logger.log(written, messageText(message), {
      ...messageFields(message),
      ...(context === undefined ? {} : { context }),
      ...(stack === undefined ? {} : { stack }),
      ...(others.length === 0 ? {} : { params: others }),
      ...extra,
    });
  }
}

function messageText(message: unknown): string {
  if (message instanceof Error) {
    return message.message;
  }
  if (typeof message === 'object' && message !== null) {
    return 'message' in message && typeof message.message === 'string' ? message.message : '';
  }
  return String(message);
}

// An object message becomes fields (the package redacts them); an error only its name, message, stack, cause.
function messageFields(message: unknown): Record<string, unknown> {
  if (message instanceof Error) {
    return { error: message };
  }
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
    return Object.fromEntries(Object.entries(message).filter(([key]) => key !== 'message'));
  }
  return Array.isArray(message) ? { params: message } : {};
}
