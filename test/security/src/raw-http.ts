import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** A request written byte for byte: the target and headers may be anything a client can send. */
export interface RawRequest {
  readonly method: string;
  /** The request-target as sent, percent-encoding garbage included. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: Buffer;
}

export interface HttpAnswer {
  readonly kind: 'answer';
  readonly status: number;
  /** Lower-case names; repeated fields joined with `, `. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  readonly durationMs: number;
}

export interface TransportFailure {
  readonly kind: 'transport' | 'timeout';
  readonly error: string;
  readonly durationMs: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Sends one request on its own connection (`Connection: close`) and reads the answer to the end.
 * Content-Length is computed unless the request sets its own, so broken framing can be sent too.
 */
export function sendRaw(
  base: URL,
  request: RawRequest,
  timeoutMs: number,
  /** Trust anchors (PEM) for an https target whose certificate a private CA issued. */
  ca?: string,
): Promise<HttpAnswer | TransportFailure> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const port = Number(base.port || (base.protocol === 'https:' ? 443 : 80));
    const socket: Socket =
      base.protocol === 'https:'
        ? connectTls({
            host: base.hostname,
            port,
            ...(isIP(base.hostname) === 0 ? { servername: base.hostname } : {}),
            ...(ca === undefined ? {} : { ca }),
          })
        : connectTcp({ host: base.hostname, port });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (outcome: HttpAnswer | TransportFailure): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(outcome);
      }
    };
    const timer = setTimeout(() => {
      settle({
        kind: 'timeout',
        error: `no complete answer within ${timeoutMs} ms`,
        durationMs: elapsed(),
      });
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      settle(parseAnswer(Buffer.concat(chunks), elapsed()));
    });
    socket.on('error', (error: Error) => {
      // A server may answer early (413, 431) and reset the rest of an upload: the answer counts.
      const parsed = parseAnswer(Buffer.concat(chunks), elapsed());
      settle(
        parsed.kind === 'answer'
          ? parsed
          : { ...parsed, error: `${error.message}; ${parsed.error}` },
      );
    });
    // A TLS socket emits `connect` (TCP) before `secureConnect`: write once, when it can be read.
    socket.once(base.protocol === 'https:' ? 'secureConnect' : 'connect', () =>
      socket.write(serialize(base, request)),
    );
  });
}

function serialize(base: URL, request: RawRequest): Buffer {
  const body = request.body ?? Buffer.alloc(0);
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    `Host: ${base.host}`,
    'Connection: close',
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    ...(names.has('content-length') || names.has('transfer-encoding') || body.length === 0
      ? []
      : [`Content-Length: ${body.length}`]),
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
}

function parseAnswer(bytes: Buffer, durationMs: number): HttpAnswer | TransportFailure {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd < 0) {
    const error = bytes.length === 0 ? 'connection closed without an answer' : 'truncated answer';
    return { kind: 'transport', error, durationMs };
  }
  const [statusLine = '', ...fieldLines] = bytes
    .subarray(0, headEnd)
    .toString('latin1')
    .split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!Number.isInteger(status)) {
    return {
      kind: 'transport',
      error: `malformed status line: ${statusLine.slice(0, 80)}`,
      durationMs,
    };
  }
  const headers = new Map<string, string>();
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name) ?? ''}, ${value}` : value);
  }
  const rest = bytes.subarray(headEnd + HEAD_END.length);
  const body =
    headers.get('transfer-encoding')?.includes('chunked') === true ? dechunk(rest) : rest;
  return { kind: 'answer', status, headers, body, durationMs };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    const size =
      lineEnd < 0 ? 0 : Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) {
      return Buffer.concat(parts);
    }
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}
