import type { FastifyReply, FastifyRequest } from 'fastify';

// An API returns data, never documents to render: nothing may load, frame or embed it.
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  // No browser feature has any use in an API response: every one that can be named is off.
  'permissions-policy': [
    'accelerometer',
    'autoplay',
    'camera',
    'display-capture',
    'encrypted-media',
    'fullscreen',
    'geolocation',
    'gyroscope',
    'magnetometer',
    'microphone',
    'midi',
    'payment',
    'picture-in-picture',
    'publickey-credentials-get',
    'screen-wake-lock',
    'sync-xhr',
    'usb',
    'xr-spatial-tracking',
  ]
    .map((feature) => `${feature}=()`)
    .join(', '),
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
    applySecurityHeaders(request, reply, docsEnabled);
    done();
  };
}

/** The headers alone: also for answers sent before the hooks run (router errors). */
export function applySecurityHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  docsEnabled: boolean,
): void {
  reply.headers(API_HEADERS);
  if (docsEnabled && request.url.startsWith(`/${DOCS_PATH}`)) {
    reply.header('content-security-policy', DOCS_CSP);
    // The UI is served from this origin only; isolation headers are for what it may embed.
    reply.removeHeader('cross-origin-embedder-policy');
  }
  // `protocol` is https on a native TLS listener, or behind a trusted proxy that says so.
  if (request.protocol === 'https') {
    reply.header('strict-transport-security', HSTS);
  }
}
