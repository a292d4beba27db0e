import type { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import type { TlsIdentity } from './self-signed-certificate.js';

// <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG
const MSG = /^<\d+>1 \S+ \S+ \S+ \S+ \S+ - (.*)$/s;

/**
 * A minimal RFC 5425 receiver: a TLS server that splits its input into octet-counted frames and
 * records anything that does not follow `MSG-LEN SP SYSLOG-MSG` as a framing error.
 */
export class SyslogCollector {
  readonly frames: string[] = [];
  readonly framingErrors: string[] = [];
  tcpConnections = 0;
  secureConnections = 0;
  port = 0;
  readonly #sockets = new Set<Socket>();
  #server: tls.Server | undefined;

  constructor(private readonly identity: TlsIdentity) {}

  async start(port = 0): Promise<void> {
    const server = tls.createServer(
      { cert: this.identity.cert, key: this.identity.key },
      (socket) => {
        this.secureConnections += 1;
        this.#read(socket);
      },
    );
    server.on('connection', (socket: Socket) => {
      this.tcpConnections += 1;
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
    // Handshakes the client aborts (untrusted certificate) surface here; they are expected.
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) {
      socket.destroy();
    }
    if (server !== undefined) {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  }

  /** The MSG part (the JSON line) of each frame, parsed. */
  messages(): Record<string, unknown>[] {
    return this.frames.map(
      (frame) => JSON.parse(MSG.exec(frame)?.[1] ?? '') as Record<string, unknown>,
    );
  }

  #read(socket: tls.TLSSocket): void {
    let pending = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const space = pending.indexOf(0x20);
        if (space === -1) {
          return;
        }
        const prefix = pending.subarray(0, space).toString('ascii');
        if (!/^[1-9]\d*$/.test(prefix)) {
          this.framingErrors.push(pending.toString('utf8'));
          pending = Buffer.alloc(0);
          return;
        }
        const end = space + 1 + Number(prefix);
        if (pending.length < end) {
          return;
        }
        this.frames.push(pending.subarray(space + 1, end).toString('utf8'));
        pending = pending.subarray(end);
      }
    });
  }
}
