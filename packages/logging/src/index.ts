export { createLogger, type BulwarkLogger } from './create-logger.js';
export type { LoggerOptions, LoggerStats, TransportsOptions } from './logger-options.js';
export { LoggerConfigError } from './logger-config.error.js';
export type { LogContext, LogContextGetter } from './log-context.js';
export type { LogLevel } from './log-level.js';
export type { SinkOptions, SinkStats, WarningSink } from './sinks/sink-options.js';
export type { BackoffOptions } from './sinks/backoff.js';
export type { ConsoleTransportOptions } from './transports/console.transport.js';
export type { FileTransportOptions } from './transports/rotating-file.transport.js';
export type { SyslogTlsTransportOptions } from './transports/syslog-tls.transport.js';
export type { SyslogFacility } from './transports/rfc5424.js';
export type { OtlpHttpTransportOptions } from './transports/otlp-http.transport.js';
export { createRedactor, type RedactionOptions, type Redactor } from './redaction/redactor.js';
export {
  REDACTED,
  OPAQUE_TOKEN_PATTERN,
  boundForRedaction,
  redactSecrets,
} from './redaction/secret-patterns.js';
export { escapeControlChars } from './formats/escape-control-chars.js';
