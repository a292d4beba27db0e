import type { FuzzCase } from './fuzz-case.js';
import { forgedToken } from './forged-tokens.js';
import { buildRequest } from './request.js';

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json; charset=nonsense',
  'application/jsonx',
  'application/json, text/plain',
  'application/*',
  '*/*',
  'application/json; boundary=;;;;',
  `application/${'x'.repeat(2000)}`,
  'application/xml',
];

const REQUEST_IDS = [
  '',
  'x',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u00e9\u00e8',
  'a\tb',
  'x'.repeat(200),
  'x'.repeat(8000),
  '${jndi:ldap://x}',
  "' OR 1=1 --",
  '%00',
];

const AUTHORIZATIONS = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer  x',
  'Basic dXNlcjpwYXNz',
  'Digest x',
  'bearer x.y.z',
  `Bearer ${'A'.repeat(8000)}`,
];

export const HEADER_CASES: readonly FuzzCase[] = [
  {
    name: 'headers: content types',
    applies: () => true,
    build: (context) => buildRequest(context, { contentType: context.prng.pick(CONTENT_TYPES) }),
  },
  {
    name: 'headers: odd X-Request-Id',
    applies: () => true,
    build: (context) => {
      const id = context.prng.pick(REQUEST_IDS);
      const headers: [string, string][] = context.prng.chance(0.2)
        ? [
            ['X-Request-Id', id],
            ['X-Request-Id', 'second'],
          ]
        : [['X-Request-Id', id]];
      if (context.prng.chance(0.3)) {
        headers.push(['traceparent', context.prng.pick(['00-zz-zz-01', '', 'x'.repeat(500)])]);
      }
      return buildRequest(context, { headers });
    },
  },
  {
    name: 'headers: missing, malformed and forged tokens',
    applies: () => true,
    build: (context) => {
      const authorization = context.prng.chance(0.3)
        ? context.prng.pick(AUTHORIZATIONS)
        : `Bearer ${forgedToken(context.prng, context.token)}`;
      return buildRequest(context, {
        authorization,
        ...(context.prng.chance(0.1)
          ? { headers: [['Authorization', 'Bearer second'] as const] }
          : {}),
      });
    },
  },
  {
    name: 'headers: framing the HTTP parser refuses',
    applies: () => true,
    build: (context) => {
      const framing = context.prng.pick<readonly (readonly [string, string])[]>([
        [['Content-Length', 'abc']],
        [['Content-Length', '-1']],
        [['Content-Length', '1, 2']],
        [
          ['Content-Length', '2'],
          ['Content-Length', '3'],
        ],
        [
          ['Content-Length', '2'],
          ['Transfer-Encoding', 'chunked'],
        ],
        [['Transfer-Encoding', 'gzip, chunked, identity']],
        [['X Bad Name', 'x']],
        [['X-Fold', 'a\r\n b']],
        [['X-Big', 'x'.repeat(context.prng.int(17_000, 40_000))]],
        Array.from(
          { length: context.prng.int(101, 150) },
          (_, index) => [`X-H${index}`, '1'] as const,
        ),
      ]);
      return buildRequest(context, { body: Buffer.from('{}'), headers: framing });
    },
  },
];
