import type { FuzzCase } from './fuzz-case.js';
import {
  buildRequest,
  jsonBytes,
  jsonObjectBytes,
  stringProperties,
  validMembers,
  type CaseContext,
} from './request.js';
import { boundaryNumbers, boundaryStrings, validObject } from './values.js';

const hasBody = (context: CaseContext): boolean => context.operation.body !== undefined;

/** Replaces one member of a valid body (or adds it) with raw JSON text or bytes. */
function withMember(context: CaseContext, value: Buffer | string, name?: string): Buffer {
  const members: [string, Buffer | string][] = validMembers(context);
  const strings = stringProperties(context.operation.body);
  const target = name ?? (strings.length > 0 ? context.prng.pick(strings) : 'field');
  const index = members.findIndex(([member]) => member === target);
  if (index >= 0) {
    members[index] = [target, value];
  } else {
    members.push([target, value]);
  }
  return jsonObjectBytes(members);
}

const WRONG_TYPES = ['0', '-1', 'true', 'null', '[]', '{}', '[null]', '{"$gt":""}', '"0"', '1e999'];
const PRIVILEGED_FIELDS = [
  'roles',
  'isAdmin',
  'admin',
  'id',
  'ownerId',
  'userId',
  'emailVerified',
  'mfaEnabled',
  'locked',
];
const POLLUTION = [
  '{"__proto__":{"polluted":true,"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":null}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":"x"}',
];
const LONE_SURROGATES = ['"\\ud800"', '"a\\udfffb"', '"\\udbff"', '"\\udc00\\ud800"', '"x\\ud83d"'];
const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xfe, 0xfe, 0xff, 0xff],
];
const CONTROL = [
  '\u0000',
  '\u0001\u0002',
  '\u001b[31m',
  '\u007f',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\r\n',
  '\u2028',
];
const MALFORMED = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{/*c*/}',
  '\ufeff{}',
  '{}{}',
  ' ',
  '{"a":1}garbage',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
];
const NOT_OBJECTS = ['[]', '"text"', '0', 'null', 'true', '[{}]', '-0', '1e400'];

export const BODY_CASES: readonly FuzzCase[] = [
  {
    // The baseline: success paths must keep the contract too, and they reach the deepest code.
    name: 'valid request',
    applies: () => true,
    build: (context) => buildRequest(context),
  },
  {
    name: 'body: boundary lengths and numbers',
    applies: hasBody,
    build: (context) => {
      const properties = Object.entries(context.operation.body?.properties ?? {});
      const [name, schema] = properties.length > 0 ? context.prng.pick(properties) : ['field', {}];
      const values =
        schema.type === 'integer' || schema.type === 'number'
          ? boundaryNumbers(schema)
          : boundaryStrings(schema, context.prng);
      return buildRequest(context, {
        body: withMember(context, JSON.stringify(context.prng.pick(values)), name),
      });
    },
  },
  {
    name: 'body: wrong types',
    applies: hasBody,
    build: (context) => {
      const names = Object.keys(context.operation.body?.properties ?? {});
      const name = names.length > 0 ? context.prng.pick(names) : 'field';
      return buildRequest(context, {
        body: withMember(context, context.prng.pick(WRONG_TYPES), name),
      });
    },
  },
  {
    name: 'body: unknown and privileged fields',
    applies: hasBody,
    build: (context) => {
      const body = { ...validObject(context.operation.body ?? {}, context.prng) };
      body[context.prng.pick(PRIVILEGED_FIELDS)] = context.prng.pick([
        ['admin'],
        true,
        context.prng.string(8),
      ]);
      return buildRequest(context, { body: jsonBytes(body) });
    },
  },
  {
    name: 'body: prototype pollution keys',
    applies: hasBody,
    build: (context) => {
      const pollution = context.prng.pick(POLLUTION);
      const members = validMembers(context).map(
        ([name, value]) => `${JSON.stringify(name)}:${value}`,
      );
      const text = context.prng.chance(0.5)
        ? `{${[...members, pollution.slice(1, -1)].join(',')}}`
        : withMember(context, pollution).toString('utf8');
      return buildRequest(context, { body: Buffer.from(text) });
    },
  },
  {
    name: 'body: deep nesting',
    applies: hasBody,
    build: (context) => {
      const depth = context.prng.int(200, Math.floor(context.bodyLimitBytes / 3));
      const [open, close] = context.prng.pick([
        ['[', ']'],
        ['{"a":', '}'],
      ] as const);
      const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
      const body = context.prng.chance(0.5) ? Buffer.from(nested) : withMember(context, nested);
      return buildRequest(context, { body });
    },
  },
  {
    name: 'body: large within the limit',
    applies: hasBody,
    build: (context) => {
      const size = Math.floor(context.bodyLimitBytes * 0.9);
      const shape = context.prng.int(0, 2);
      const value =
        shape === 0
          ? JSON.stringify(context.prng.string(size - 20))
          : shape === 1
            ? `[${'0,'.repeat(Math.floor(size / 2) - 2)}0]`
            : `{${Array.from({ length: Math.floor(size / 12) }, (_, index) => `"k${index}":0`).join(',')}}`;
      return buildRequest(context, {
        body:
          shape === 2 && context.prng.chance(0.5) ? Buffer.from(value) : withMember(context, value),
      });
    },
  },
  {
    name: 'body: over the limit',
    applies: hasBody,
    build: (context) => {
      const size = context.bodyLimitBytes + context.prng.int(1, 4096);
      return buildRequest(context, { body: withMember(context, JSON.stringify('x'.repeat(size))) });
    },
  },
  {
    name: 'body: lone surrogates',
    applies: hasBody,
    build: (context) =>
      buildRequest(context, { body: withMember(context, context.prng.pick(LONE_SURROGATES)) }),
  },
  {
    name: 'body: invalid UTF-8',
    applies: hasBody,
    build: (context) => {
      const bytes = Buffer.concat([
        Buffer.from('"a'),
        Buffer.from(context.prng.pick(INVALID_UTF8)),
        Buffer.from('b"'),
      ]);
      return buildRequest(context, { body: withMember(context, bytes) });
    },
  },
  {
    name: 'body: NUL and control characters',
    applies: hasBody,
    build: (context) => {
      const text = `${context.prng.string(3)}${context.prng.pick(CONTROL)}${context.prng.string(3)}`;
      return buildRequest(context, { body: withMember(context, JSON.stringify(text)) });
    },
  },
  {
    name: 'body: malformed JSON',
    applies: () => true,
    build: (context) =>
      buildRequest(context, {
        body: Buffer.from(context.prng.pick(MALFORMED)),
        contentType: 'application/json',
      }),
  },
  {
    name: 'body: JSON that is not an object',
    applies: () => true,
    build: (context) =>
      buildRequest(context, {
        body: Buffer.from(context.prng.pick(NOT_OBJECTS)),
        contentType: 'application/json',
      }),
  },
];
