import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * The scrape endpoint, `GET /metrics`, on a listener of its own: a plain Node server, so the
 * public API's hooks, routes and error pages never apply to it, nor it to them.
 */
export class MetricsServer {
  private readonly server: Server;
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    private readonly registry: Registry,
    token: string | undefined,
  ) {
    this.tokenDigest = token === undefined ? undefined : digest(`Bearer ${token}`);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        respond(response, 500, 'metrics unavailable\n');
      });
    });
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  async close(): Promise<void> {
    if (!this.server.listening) {
      return;
    }
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.authorized(request.headers.authorization)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      respond(response, 401, 'unauthorized\n');
      return;
    }
    if (request.url !== '/metrics') {
      respond(response, 404, 'not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      respond(response, 405, 'method not allowed\n');
      return;
    }
    const body = await this.registry.metrics();
    response.setHeader('Content-Type', this.registry.contentType);
    respond(response, 200, request.method === 'HEAD' ? '' : body);
  }

  /** Digests of equal length, compared in constant time: the header's length tells nothing either. */
  private authorized(header: string | undefined): boolean {
    if (this.tokenDigest === undefined) {
      return true;
    }
    return header !== undefined && timingSafeEqual(digest(header), this.tokenDigest);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function respond(response: ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  response.setHeader('Cache-Control', 'no-store');
  response.end(body);
}
