import { isIP } from 'node:net';
import { hostname } from 'node:os';
import tls from 'node:tls';
import type winston from 'winston';
import { LoggerConfigError } from '../logger-config.error.js';
import { positiveInteger } from '../positive-integer.js';
import { BufferedSinkTransport } from '../sinks/buffered-sink.transport.js';
import type { SinkOptions, WarningSink } from '../sinks/sink-options.js';
import { readPemFile } from './read-pem-file.js';
import { formatRfc5424, frameOctetCounted, type SyslogFacility } from './rfc5424.js';

/** Where and how to ship RFC 5424 messages over TLS (RFC 5425). Certificates are always verified. */
export interface SyslogTlsTransportOptions extends SinkOptions {
  /** Collector host name or address. */
  readonly host: string;
  /** Collector port (default 6514, the RFC 5425 port). */
  readonly port?: number;
  /** PEM file with the CA(s) that sign the collector's certificate (default: Node's public CAs); for a self-signed collector, its certificate. */
  readonly caFile?: string;
  /** Name the collector's certificate must carry (default: `host` when it is not an IP address). */
  readonly servername?: string;
  /** PEM client certificate, for collectors that require mutual TLS (with `keyFile`). */
  readonly certFile?: string;
  /** PEM private key of `certFile`. */
  readonly keyFile?: string;
  /** Syslog facility (default `local0`). */
  readonly facility?: SyslogFacility;
  /** HOSTNAME header field (default: the machine's host name). */
  readonly hostname?: string;
}

const DEFAULT_PORT = 6514;
const MAX_PORT = 65_535;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Ships each event as an octet-counted RFC 5424 message, whose MSG is the JSON line, to a syslog collector over verified TLS. */
export class SyslogTlsTransport extends BufferedSinkTransport<Buffer> {
  readonly #tlsOptions: tls.ConnectionOptions;
  readonly #timeoutMs: number;
  readonly #facility: SyslogFacility;
  readonly #hostname: string;
  readonly #appName: string;
  #socket: tls.TLSSocket | undefined;

  constructor(options: SyslogTlsTransportOptions, appName: string, warn: WarningSink) {
    super('syslog', options, warn);
    if ((options.certFile === undefined) !== (options.keyFile === undefined)) {
      throw new LoggerConfigError('syslog.certFile and syslog.keyFile go together');
    }
    const port = positiveInteger('syslog.port', options.port, DEFAULT_PORT);
    if (port > MAX_PORT) {
      throw new LoggerConfigError(`syslog.port must be at most ${MAX_PORT}`);
    }
    this.#tlsOptions = {
      host: options.host,
      port,
      servername: options.servername ?? (isIP(options.host) === 0 ? options.host : undefined),
      ca: readPemFile('syslog.caFile', options.caFile),
      cert: readPemFile('syslog.certFile', options.certFile),
      key: readPemFile('syslog.keyFile', options.keyFile),
      minVersion: 'TLSv1.2',
      // Not configurable on purpose: an unverified collector would receive the whole log stream.
      rejectUnauthorized: true,
    };
    this.#timeoutMs = positiveInteger('syslog.timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
    this.#facility = options.facility ?? 'local0';
    this.#hostname = options.hostname ?? hostname();
    this.#appName = appName;
  }

  protected override encode(record: winston.Logform.TransformableInfo): Buffer {
    return frameOctetCounted(
      formatRfc5424({
        facility: this.#facility,
        level: record.level,
        timestamp: record.timestamp,
        hostname: this.#hostname,
        appName: this.#appName,
        procId: String(process.pid),
        msgId: record.audit === true ? 'audit' : '-',
        msg: JSON.stringify(record),
      }),
    );
  }

  protected override async deliver(frames: readonly Buffer[]): Promise<void> {
    const socket = await this.#connect();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`syslog write not acknowledged within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      socket.write(Buffer.concat(frames), (error) => {
        clearTimeout(timer);
        if (error) {
          reject(error);
        } else {
          resolve();
        }
      });
    });
  }

  protected override disconnect(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    // end() sends TLS close_notify, so the collector sees a clean close rather than a truncation.
    socket?.end();
    socket?.setTimeout(this.#timeoutMs, () => socket.destroy());
  }

  #connect(): Promise<tls.TLSSocket> {
    const current = this.#socket;
    if (current !== undefined && !current.destroyed) {
      return Promise.resolve(current);
    }
    return new Promise((resolve, reject) => {
      const socket = tls.connect(this.#tlsOptions);
      this.#socket = socket;
      // An idle log connection must not keep an otherwise finished process alive.
      socket.unref();
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(this.#timeoutMs, () => {
        fail(new Error(`TLS connection not established within ${this.#timeoutMs} ms`));
      });
      socket.once('error', fail);
      socket.once('close', () => {
        if (this.#socket === socket) {
          this.#socket = undefined;
          this.markDisconnected();
        }
      });
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        // Errors after the handshake end the connection; the pending write reports them.
        socket.on('error', () => socket.destroy());
        // RFC 5425 collectors send nothing, but reading is how a hang-up is noticed.
        socket.resume();
        resolve(socket);
      });
    });
  }
}
