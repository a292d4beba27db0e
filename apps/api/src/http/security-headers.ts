import type { FastifyReply, FastifyRequest } from 'fastify';

// An API returns data, never documents to render: nothing may load, frame or embed it.
const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

// The OpenAPI UI (development only) is an HTML page that needs its own scripts and styles.
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

const HSTS = 'max-age=31536000; includeSubDomains';

export const DOCS_PATH = 'docs';

/** Adds the API's security headers to every response, errors and 404s included. */
export function securityHeadersHook(docsEnabled: boolean) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    reply.headers(API_HEADERS);
    if (docsEnabled && request.url.startsWith(`/${DOCS_PATH}`)) {
      reply.header('content-security-policy', DOCS_CSP);
    }
    // `protocol` is https on a native TLS listener, or behind a trusted proxy that says so.
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', HSTS);
    }
    done();
  };
}
