import { request as upstreamRequest, createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { generate } from 'selfsigned';

/**
 * A TEST-ONLY reverse proxy that puts one deliberate weakness per check in front of the real API,
 * so that the proof can show each check failing for its own reason. Nothing outside
 * `test/security/proof` imports it; it is never part of a deployment.
 */
export interface WeakenedProxy {
  readonly url: URL;
  /** The proxy's certificate, trusted by the suite so that only its host name is wrong. */
  readonly ca: string;
  close(): Promise<void>;
}

interface Upstream {
  readonly url: URL;
  readonly ca: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const PRIVILEGED = [
  'roles',
  'role',
  'isAdmin',
  'permissions',
  'ownerId',
  'userId',
  'emailVerified',
  'lockedAt',
];
const NOTE = /^\/notes\/[^/?]+$/;
const LEAKED_STACK =
  'Error: relation "notes" does not exist\n    at NotesRepository.find (/app/dist/resources/notes/notes.repository.js:42:11)';

/**
 * Ten days from expiry. Its host name is right: with a wrong one no client could reach the API
 * through it, so `transport.certificate` is proven on its own (transport.checks.spec.ts).
 */
async function weakCertificate(): Promise<{ cert: string; key: string }> {
  const notBeforeDate = new Date();
  const pems = await generate([{ name: 'commonName', value: 'bulwark.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 10 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    message.on('error', reject);
  });
}

function forward(
  upstream: Upstream,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = upstreamRequest(
      {
        host: upstream.url.hostname,
        port: upstream.url.port,
        method,
        path,
        ca: upstream.ca,
        agent: false,
        headers: { ...headers, host: upstream.url.host, 'content-length': String(body.length) },
      },
      (incoming) => {
        void readBody(incoming).then((answerBody) => {
          const answerHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') {
              answerHeaders[name] = value;
            }
          }
          resolve({ status: incoming.statusCode ?? 502, headers: answerHeaders, body: answerBody });
        }, reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function jsonAnswer(status: number, value: unknown): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
  };
}

function tokenAlgorithm(headers: IncomingHttpHeaders): string {
  const token = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1] ?? '';
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
      alg?: unknown;
    };
    return String(header.alg);
  } catch {
    return '';
  }
}

function emailOf(body: Buffer): string | undefined {
  try {
    const value = (JSON.parse(body.toString('utf8')) as { email?: unknown }).email;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Drops the privileged members instead of letting the API refuse them. */
function stripPrivileged(path: string, body: Buffer): Buffer {
  if (path.startsWith('/auth/') || body.length === 0) {
    return body;
  }
  try {
    const value = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return Buffer.from(
      JSON.stringify(
        Object.fromEntries(Object.entries(value).filter(([name]) => !PRIVILEGED.includes(name))),
      ),
    );
  } catch {
    return body;
  }
}

export async function startWeakenedProxy(upstream: Upstream): Promise<WeakenedProxy> {
  const { cert, key } = await weakCertificate();
  const knownEmails = new Set<string>();
  const refreshAnswers = new Map<string, Answer>();

  async function answer(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<Answer> {
    // authentication.forged-tokens: an unsigned token opens the profile.
    if (
      method === 'GET' &&
      path === '/users/me' &&
      tokenAlgorithm(headers).toLowerCase() === 'none'
    ) {
      return jsonAnswer(200, { id: '00000000-0000-4000-8000-000000000000', roles: ['admin'] });
    }
    // authentication.logout-revokes: logout answers without ending anything.
    if (method === 'POST' && path === '/auth/logout') {
      return { status: 204, headers: {}, body: Buffer.alloc(0) };
    }
    // authentication.refresh-reuse: a cache replays the answer to a refresh token seen before.
    const refreshToken =
      method === 'POST' && path === '/auth/refresh' ? body.toString('utf8') : undefined;
    const replayed = refreshToken === undefined ? undefined : refreshAnswers.get(refreshToken);
    if (replayed !== undefined) {
      return replayed;
    }
    const forwarded = await forward(upstream, method, path, headers, stripPrivileged(path, body));
    if (refreshToken !== undefined && forwarded.status === 200) {
      refreshAnswers.set(refreshToken, forwarded);
    }
    return weakenAnswer(method, path, body, forwarded);
  }

  async function weakenAnswer(
    method: string,
    path: string,
    body: Buffer,
    forwarded: Answer,
  ): Promise<Answer> {
    const email = method === 'POST' ? emailOf(body) : undefined;
    if (path === '/auth/register' && forwarded.status === 202 && email !== undefined) {
      knownEmails.add(email);
    }
    // authentication.no-enumeration: known addresses take visibly longer.
    if (path === '/auth/login' && email !== undefined && knownEmails.has(email)) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // authorization.cross-account: someone else's note is served.
    if (method === 'GET' && NOTE.test(path) && forwarded.status === 404) {
      return jsonAnswer(200, { id: path.split('/')[2], title: "someone else's note" });
    }
    // authorization.admin-routes: the permission check is missing.
    if (path.startsWith('/admin/') && forwarded.status === 403) {
      return jsonAnswer(200, []);
    }
    // abuse.login-flood and abuse.forwarded-for: the limit's refusal never reaches the client.
    if (path === '/auth/login' && forwarded.status === 429) {
      return jsonAnswer(401, { title: 'Invalid credentials' });
    }
    // input.fuzzer: a refused note body surfaces as a crash.
    if (method === 'POST' && path === '/notes' && forwarded.status === 400) {
      return {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('Internal Server Error'),
      };
    }
    return weakenHeaders(method, forwarded);
  }

  function weakenHeaders(method: string, forwarded: Answer): Answer {
    const headers = { ...forwarded.headers };
    // transport.hsts
    delete headers['strict-transport-security'];
    // headers.server-identity
    headers.server = 'nginx/1.18.0';
    headers['x-powered-by'] = 'Express';
    let body = forwarded.body;
    if (forwarded.status >= 400) {
      // headers.security-headers
      delete headers['x-content-type-options'];
      // headers.error-leaks
      const problem = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      body = Buffer.from(JSON.stringify({ ...problem, stack: LEAKED_STACK }));
      // headers.problem-json
      if (method === 'DELETE') {
        headers['content-type'] = 'application/json';
      }
    }
    return { ...forwarded, headers, body };
  }

  const server: Server = createServer(
    // transport.protocols and transport.cipher-suites: TLS 1.0 and CBC suites accepted.
    { cert, key, minVersion: 'TLSv1', ciphers: 'ALL:@SECLEVEL=0' },
    (incoming: IncomingMessage, outgoing: ServerResponse) => {
      void readBody(incoming)
        .then((body) =>
          answer(incoming.method ?? 'GET', incoming.url ?? '/', incoming.headers, body),
        )
        .then(
          (result) => {
            outgoing.writeHead(result.status, {
              ...result.headers,
              'content-length': String(result.body.length),
            });
            outgoing.end(result.body);
          },
          (error: unknown) => {
            outgoing.writeHead(502, { 'content-type': 'text/plain' });
            outgoing.end(String(error));
          },
        );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: new URL(`https://127.0.0.1:${String(port)}`),
    ca: cert,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
