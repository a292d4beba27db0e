import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the server answers the next requests. */
export type PwnedPasswordsBehaviour =
  | 'range'
  | 'hang'
  | 'hang-after-headers'
  | 'error-500'
  | 'garbage'
  | 'empty'
  | 'oversize'
  | 'redirect';

/** One request as it arrived: everything the client sent, to search for what it must not send. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Request line, header lines and body, as one string. */
  readonly raw: string;
}

export interface PwnedPasswordsServer {
  /** e.g. http://127.0.0.1:41234, to give as PWNED_PASSWORDS_URL. */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Adds `password` to the corpus, seen `count` times. */
  breach(password: string, count?: number): void;
  /** Lists `password`'s suffix as a padding entry (seen 0 times), which must not count. */
  pad(password: string): void;
  behave(behaviour: PwnedPasswordsBehaviour): void;
  close(): Promise<void>;
}

// HIBP pads a range to between 800 and 1 000 entries.
const PADDED_ENTRIES = 800;

export function sha1Hex(password: string): string {
  return createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
}

/**
 * A Pwned Passwords range API on a loopback port: `GET /range/<5 hex>` answers the suffixes it
 * holds under the prefix as `SUFFIX:COUNT` lines (CRLF), padded with count-0 entries when asked
 * with `Add-Padding: true`, like https://api.pwnedpasswords.com.
 */
export async function startPwnedPasswordsServer(): Promise<PwnedPasswordsServer> {
  const corpus = new Map<string, number>();
  const requests: ReceivedRequest[] = [];
  let behaviour: PwnedPasswordsBehaviour = 'range';

  const answer = (request: IncomingMessage, response: ServerResponse, url: string): void => {
    switch (behaviour) {
      case 'hang':
        return;
      case 'hang-after-headers':
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n');
        return;
      case 'error-500':
        response.writeHead(500).end('Internal Server Error');
        return;
      case 'garbage':
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html>Sign in to Wi-Fi</html>');
        return;
      case 'empty':
        response.writeHead(200, { 'content-type': 'text/plain' }).end();
        return;
      case 'oversize':
        // Well-formed entries, only too many of them.
        response
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(`${'0'.repeat(35)}:1\r\n`.repeat(10_000));
        return;
      case 'redirect':
        response.writeHead(301, { location: `/elsewhere${url}` }).end();
        return;
      case 'range':
        serveRange(request, response, url);
        return;
    }
  };

  const serveRange = (request: IncomingMessage, response: ServerResponse, url: string): void => {
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(url)?.[1];
    if (request.method !== 'GET' || prefix === undefined) {
      response.writeHead(400).end();
      return;
    }
    const entries = [...corpus]
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => `${hash.slice(5)}:${count}`);
    if (request.headers['add-padding'] === 'true') {
      while (entries.length < PADDED_ENTRIES) {
        entries.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
      }
    }
    response.writeHead(200, { 'content-type': 'text/plain' }).end(entries.join('\r\n'));
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '';
      const headerLines = request.rawHeaders
        .flatMap((value, index, all) => (index % 2 === 0 ? [`${value}: ${all[index + 1]}`] : []))
        .join('\r\n');
      requests.push({
        method: request.method ?? '',
        url,
        headers: request.headers,
        raw: `${request.method} ${url}\r\n${headerLines}\r\n\r\n${Buffer.concat(chunks).toString('latin1')}`,
      });
      answer(request, response, url);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    breach(password, count = 1) {
      corpus.set(sha1Hex(password), count);
    },
    pad(password) {
      corpus.set(sha1Hex(password), 0);
    },
    behave(next) {
      behaviour = next;
    },
    close() {
      // Hanging answers would keep the server open for ever.
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) {
            resolve();
          } else {
            reject(error);
          }
        });
      });
    },
  };
}
