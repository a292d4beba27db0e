import type { LogContextGetter } from './log-context.js';
import type { RedactionOptions } from './redaction/redactor.js';
import type { LogLevel } from './log-level.js';
import type { SinkStats, WarningSink } from './sinks/sink-options.js';
import type { ConsoleTransportOptions } from './transports/console.transport.js';
import type { OtlpHttpTransportOptions } from './transports/otlp-http.transport.js';
import type { FileTransportOptions } from './transports/rotating-file.transport.js';
import type { SyslogTlsTransportOptions } from './transports/syslog-tls.transport.js';

/** Which outputs are active; any combination. */
export interface TransportsOptions {
  readonly console?: ConsoleTransportOptions;
  readonly file?: FileTransportOptions;
  readonly syslog?: SyslogTlsTransportOptions;
  readonly otlp?: OtlpHttpTransportOptions;
}

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** `service` field, syslog APP-NAME and OTLP `service.name`. */
  readonly service: string;
  /** `env` field; `production` turns on the strict checks, `development` alone allows pretty output. */
  readonly env: string;
  /** `version` field and OTLP `service.version`. */
  readonly version: string;
  /** Least severe level logged (default `info`). */
  readonly level?: LogLevel;
  /** Read on every log call; its fields are merged into the line and win over meta fields of the same name. */
  readonly context?: LogContextGetter;
  readonly redaction?: RedactionOptions;
  /** Default: `{ console: {} }`. */
  readonly transports?: TransportsOptions;
  /** Receives the sinks' one-line operator warnings (default: `console.warn`). */
  readonly warn?: WarningSink;
}

/** Drop and connection counters of the buffered sinks that are configured. */
export interface LoggerStats {
  readonly file?: SinkStats;
  readonly syslog?: SinkStats;
  readonly otlp?: SinkStats;
}
