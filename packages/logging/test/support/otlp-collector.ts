import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A local HTTP server that records OTLP requests and answers each with the next scripted status (then 200). */
export class OtlpCollector {
  readonly requests: ReceivedRequest[] = [];
  readonly #statuses: number[];
  readonly #server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.requests.push({
        method: request.method,
        url: request.url,
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(this.#statuses.shift() ?? 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });

  constructor(statuses: readonly number[] = []) {
    this.#statuses = [...statuses];
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  /** Every log record received, across requests. */
  records(): Record<string, unknown>[] {
    return this.requests.flatMap((request) => {
      const body = request.body as {
        resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[];
      };
      return body.resourceLogs.flatMap((resource) =>
        resource.scopeLogs.flatMap((scope) => scope.logRecords),
      );
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.#server.close(() => {
        resolve();
      }),
    );
  }
}
