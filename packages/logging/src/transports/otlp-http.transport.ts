// Kept rather than the OpenTelemetry logs SDK. Its newest releases (exporter 0.301, sdk-logs 3.x,
// winston-transport 0.35) need Node >= 22.15, so 0.223.1 / 0.33.0 were measured: +13 packages in
// this package's production closure (29 -> 42), 18 MB. Custom-CA TLS holds (httpAgentOptions.ca:
// a self-signed collector refused without it, accepted with it); the rest did not. Its batch
// processor (queue 100, batches of 50) with a collector answering 503 eight times lost 100 of 200
// events, all 10 audit events among them; answering 503 throughout, all 200 (a batch is abandoned
// after 5 attempts); no count is exposed (a self-metric, only with a MeterProvider). The
// exporter's retry is built in: 5 attempts from 1 s x1.5 (measured at 20/1062/2403 ms for 503,
// 503, 200) whatever `backoff` says, so even under this class's buffer it holds deliver() for
// seconds. Its winston transport leaves the record's traceId/spanId as attributes.
import http from 'node:http';
import https from 'node:https';
import { hostname } from 'node:os';
import type winston from 'winston';
import type { ServiceIdentity } from '../record.js';
import { LoggerConfigError } from '../logger-config.error.js';
import { positiveInteger } from '../positive-integer.js';
import { BufferedSinkTransport } from '../sinks/buffered-sink.transport.js';
import type { SinkOptions, WarningSink } from '../sinks/sink-options.js';
import { SinkRejectedError } from '../sinks/sink-rejected.error.js';
import { toOtlpLogRecord, toOtlpLogsRequest, type OtlpLogRecord } from './otlp-log-record.js';
import { readPemFile } from './read-pem-file.js';

/** Where to export logs with OTLP/HTTP in the JSON encoding. Certificates are always verified. */
export interface OtlpHttpTransportOptions extends SinkOptions {
  /** Collector base URL; logs are POSTed to `<endpoint>/v1/logs`. In production, plain http only to a loopback host. */
  readonly endpoint: string;
  /** Extra request headers, e.g. the collector's API key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** PEM file with the CA(s) of an https collector (default: Node's public CAs). */
  readonly caFile?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// OTLP/HTTP: only these statuses are worth a retry; any other failure would fail again.
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Exports each event as an OTLP LogRecord, in batches, to an OpenTelemetry collector. */
export class OtlpHttpTransport extends BufferedSinkTransport<OtlpLogRecord> {
  readonly #url: URL;
  readonly #identity: ServiceIdentity;
  readonly #hostName = hostname();
  readonly #headers: Readonly<Record<string, string>>;
  readonly #timeoutMs: number;
  readonly #agent: http.Agent;

  constructor(options: OtlpHttpTransportOptions, identity: ServiceIdentity, warn: WarningSink) {
    super('otlp', options, warn);
    this.#url = logsUrl(options.endpoint, identity.env);
    this.#identity = identity;
    this.#headers = options.headers ?? {};
    this.#timeoutMs = positiveInteger('otlp.timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    const ca = readPemFile('otlp.caFile', options.caFile);
    // One kept-alive connection: batches leave in order, and idle sockets do not hold the process.
    this.#agent =
      this.#url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 1, ca, rejectUnauthorized: true })
        : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  protected override encode(record: winston.Logform.TransformableInfo): OtlpLogRecord {
    return toOtlpLogRecord(record);
  }

  protected override async deliver(records: readonly OtlpLogRecord[]): Promise<void> {
    const body = JSON.stringify(toOtlpLogsRequest(this.#identity, this.#hostName, records));
    const status = await this.#post(body);
    if (status >= 200 && status < 300) {
      return;
    }
    if (RETRYABLE_STATUSES.has(status)) {
      throw new Error(`collector answered HTTP ${status}`);
    }
    throw new SinkRejectedError(`collector answered HTTP ${status}`);
  }

  protected override disconnect(): void {
    this.#agent.destroy();
  }

  #post(body: string): Promise<number> {
    const client = this.#url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        this.#url,
        {
          method: 'POST',
          agent: this.#agent,
          timeout: this.#timeoutMs,
          headers: {
            ...this.#headers,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.once('error', reject);
          response.once('end', () => {
            resolve(response.statusCode ?? 0);
          });
          response.resume();
        },
      );
      request.once('timeout', () => {
        request.destroy(new Error(`OTLP request timed out after ${this.#timeoutMs} ms`));
      });
      request.once('error', reject);
      request.end(body);
    });
  }
}

function logsUrl(endpoint: string, env: string): URL {
  let url: URL;
  try {
    url = new URL('v1/logs', endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
  } catch (error) {
    throw new LoggerConfigError('otlp.endpoint must be an absolute http(s) URL', { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new LoggerConfigError('otlp.endpoint must be an absolute http(s) URL');
  }
  if (url.protocol === 'http:' && env === 'production' && !isLoopback(url.hostname)) {
    throw new LoggerConfigError(
      'otlp.endpoint must use https in production unless the collector is on loopback',
    );
  }
  return url;
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(?:\.\d{1,3}){3}$/.test(host);
}
