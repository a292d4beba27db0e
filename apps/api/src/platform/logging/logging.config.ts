import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';

/** A syslog collector reached over TLS (RFC 5425); its certificate is always verified. */
export interface SyslogSinkConfig {
  readonly host: string;
  readonly port: number;
  readonly caFile: string | undefined;
  readonly servername: string | undefined;
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
}

/** An OpenTelemetry collector that accepts OTLP/HTTP. */
export interface OtlpSinkConfig {
  readonly endpoint: string;
  readonly caFile: string | undefined;
}

/** Where log lines go besides the console, and how much they may say. */
export interface LoggingConfig {
  readonly level: Env['LOG_LEVEL'];
  readonly format: 'json' | 'pretty';
  readonly unsafeLogRequestBodies: boolean;
  readonly file: string | undefined;
  readonly syslog: SyslogSinkConfig | undefined;
  readonly otlp: OtlpSinkConfig | undefined;
  /** Events each sink holds in memory while it is down; audit events evict the others first. */
  readonly sinkBufferSize: number;
  /** The operator says the platform ships stdout to a central store (production policy). */
  readonly stdoutCollected: boolean;
}

const path = (file: string | undefined): string | undefined =>
  file === undefined ? undefined : resolve(file);

/** `stdoutIsTerminal`: a person reads the console (the default format is pretty in development). */
export function loggingConfigFrom(
  env: Env,
  // Typed boolean, undefined when stdout is not a terminal: falsy either way.
  stdoutIsTerminal: boolean = process.stdout.isTTY,
): LoggingConfig {
  return {
    level: env.LOG_LEVEL,
    format:
      env.LOG_FORMAT ?? (env.NODE_ENV === 'development' && stdoutIsTerminal ? 'pretty' : 'json'),
    unsafeLogRequestBodies: env.UNSAFE_LOG_REQUEST_BODIES,
    file: path(env.LOG_FILE),
    syslog:
      env.LOG_SYSLOG_HOST === undefined
        ? undefined
        : {
            host: env.LOG_SYSLOG_HOST,
            port: env.LOG_SYSLOG_PORT,
            caFile: path(env.LOG_SYSLOG_CA_FILE),
            servername: env.LOG_SYSLOG_SERVERNAME,
            certFile: path(env.LOG_SYSLOG_CERT_FILE),
            keyFile: path(env.LOG_SYSLOG_KEY_FILE),
          },
    otlp:
      env.LOG_OTLP_ENDPOINT === undefined
        ? undefined
        : { endpoint: env.LOG_OTLP_ENDPOINT, caFile: path(env.LOG_OTLP_CA_FILE) },
    sinkBufferSize: env.LOG_SINK_BUFFER_SIZE,
    stdoutCollected: env.LOG_STDOUT_COLLECTED,
  };
}

/** Combinations that are wrong in every environment, named by variable. */
export function loggingConfigViolations(env: Env): string[] {
  const violations: string[] = [];
  if (env.LOG_FORMAT === 'pretty' && env.NODE_ENV !== 'development') {
    violations.push('LOG_FORMAT: pretty is for development; use json');
  }
  if ((env.LOG_SYSLOG_CERT_FILE === undefined) !== (env.LOG_SYSLOG_KEY_FILE === undefined)) {
    violations.push('LOG_SYSLOG_CERT_FILE, LOG_SYSLOG_KEY_FILE: set both or neither');
  }
  const syslogOptions = [
    'LOG_SYSLOG_CA_FILE',
    'LOG_SYSLOG_SERVERNAME',
    'LOG_SYSLOG_CERT_FILE',
  ] as const;
  if (env.LOG_SYSLOG_HOST === undefined && syslogOptions.some((name) => env[name] !== undefined)) {
    violations.push('LOG_SYSLOG_HOST: required by the other LOG_SYSLOG_* settings');
  }
  if (env.LOG_OTLP_ENDPOINT === undefined && env.LOG_OTLP_CA_FILE !== undefined) {
    violations.push('LOG_OTLP_ENDPOINT: required by LOG_OTLP_CA_FILE');
  }
  return violations;
}
