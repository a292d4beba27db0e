import winston from 'winston';
import type TransportStream from 'winston-transport';
import { describeError } from './describe-error.js';
import { sanitiseFormat } from './formats/sanitise.format.js';
import { LoggerConfigError } from './logger-config.error.js';
import type { LoggerOptions, LoggerStats } from './logger-options.js';
import type { ServiceIdentity } from './record.js';
import type { WarningSink } from './sinks/sink-options.js';
import { stampAtCallTime } from './stamp-at-call-time.js';
import { createConsoleTransport } from './transports/console.transport.js';
import { OtlpHttpTransport } from './transports/otlp-http.transport.js';
import { RotatingFileTransport } from './transports/rotating-file.transport.js';
import { SyslogTlsTransport } from './transports/syslog-tls.transport.js';

/** A winston logger whose every line is redacted and escaped, with the health of its buffered sinks. */
export type BulwarkLogger = winston.Logger & {
  /** Drop and connection counters of the buffered sinks (file, syslog, OTLP), for health checks and metrics. */
  stats(): LoggerStats;
  /** Waits until the buffered sinks have written their buffers; `false` if `timeoutMs` (default 5 000) passed first. */
  flush(timeoutMs?: number): Promise<boolean>;
};

interface BufferedSinks {
  file?: RotatingFileTransport;
  syslog?: SyslogTlsTransport;
  otlp?: OtlpHttpTransport;
}

const DEFAULT_FLUSH_TIMEOUT_MS = 5000;

/**
 * Creates the winston logger: one JSON line per event with timestamp, level, message, service,
 * env, version and the request context, secrets redacted and control characters escaped before
 * any transport sees the event. Throws `LoggerConfigError` on invalid or unsafe options.
 */
export function createLogger(options: LoggerOptions): BulwarkLogger {
  const identity = serviceIdentity(options);
  const warn = options.warn ?? warnOnConsole;
  const config = options.transports ?? { console: {} };
  const transports: TransportStream[] = [];
  if (config.console) {
    transports.push(createConsoleTransport(config.console, options.env));
  }
  const sinks: BufferedSinks = {
    file: config.file && new RotatingFileTransport(config.file, warn),
    syslog: config.syslog && new SyslogTlsTransport(config.syslog, identity.service, warn),
    otlp: config.otlp && new OtlpHttpTransport(config.otlp, identity, warn),
  };
  const bufferedSinks = [sinks.file, sinks.syslog, sinks.otlp].filter((sink) => sink !== undefined);
  transports.push(...bufferedSinks);
  if (transports.length === 0) {
    throw new LoggerConfigError('at least one transport must be configured');
  }

  const logger = winston.createLogger({
    level: options.level ?? 'info',
    levels: winston.config.npm.levels,
    // Logger formats run before every transport, even one added later: redaction cannot be skipped.
    format: sanitiseFormat(options.redaction),
    transports,
    exitOnError: false,
  });
  // Without a listener, a transport's 'error' (say, an unwritable log file) would crash the process.
  logger.on('error', (error: unknown) => {
    warn(`[@bulwark/logging] a log transport failed: ${describeError(error)}`);
  });
  stampAtCallTime(logger, identity, options.context);

  return Object.assign(logger, {
    stats: (): LoggerStats => ({
      ...(sinks.file && { file: sinks.file.stats() }),
      ...(sinks.syslog && { syslog: sinks.syslog.stats() }),
      ...(sinks.otlp && { otlp: sinks.otlp.stats() }),
    }),
    flush: async (timeoutMs = DEFAULT_FLUSH_TIMEOUT_MS): Promise<boolean> => {
      const drained = await Promise.all(bufferedSinks.map((sink) => sink.whenDrained(timeoutMs)));
      return drained.every(Boolean);
    },
  });
}

function serviceIdentity({ service, env, version }: LoggerOptions): ServiceIdentity {
  for (const [name, value] of Object.entries({ service, env, version })) {
    if (value.trim() === '') {
      throw new LoggerConfigError(`${name} must not be empty`);
    }
  }
  return { service, env, version };
}

const warnOnConsole: WarningSink = (message) => {
  // eslint-disable-next-line no-console -- a failing log sink must reach the operator by another way than itself.
  console.warn(message);
};
