import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly maxHeaderBytes: number;
  readonly maxHeaderCount: number;
  readonly maxUrlLength: number;
  readonly shutdownTimeoutMs: number;
  readonly corsOrigins: readonly string[];
  readonly trustedProxies: readonly string[];
  /** Bits of an IPv6 client address that name one client (limits, lockouts, bans). */
  readonly clientIpv6Prefix: number;
  readonly tls: TlsFiles | undefined;
}

export function httpConfigFrom(env: Env): HttpConfig {
  return {
    host: env.HOST,
    port: env.PORT,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: env.HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: env.KEEP_ALIVE_TIMEOUT_MS,
    maxHeaderBytes: env.MAX_HEADER_BYTES,
    maxHeaderCount: env.MAX_HEADER_COUNT,
    maxUrlLength: env.MAX_URL_LENGTH,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    corsOrigins: env.CORS_ORIGINS,
    trustedProxies: env.TRUSTED_PROXIES,
    clientIpv6Prefix: env.CLIENT_IPV6_PREFIX,
    tls:
      env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined
        ? { certFile: resolve(env.TLS_CERT_FILE), keyFile: resolve(env.TLS_KEY_FILE) }
        : undefined,
  };
}

export function httpConfigViolations(env: Env): string[] {
  return (env.TLS_CERT_FILE === undefined) === (env.TLS_KEY_FILE === undefined)
    ? []
    : ['TLS_CERT_FILE, TLS_KEY_FILE: set both or neither'];
}
