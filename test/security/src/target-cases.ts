import type { FuzzCase } from './fuzz-case.js';
import { buildRequest, parametersIn, type CaseContext } from './request.js';

const PATH_GARBAGE = [
  '%',
  '%E0%A4%A',
  '%FF',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '-1',
  '99999999999999999999999',
  '1e308',
  '0x7fffffff',
  'null',
  '%20',
  '%0d%0aX-Injected:%201',
  '%F0%9F%98%80',
  '{id}',
];
const QUERY_VALUES = [
  '-1',
  '0',
  '1e20',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '1.5',
  '',
  '%',
  '%E0%A4%A',
  '%00',
  '%FF',
  '%ED%A0%80',
  'true',
  '[]',
  '0x10',
  '+5',
  '%20%201',
];

const hasPathParameters = (context: CaseContext): boolean =>
  parametersIn(context.operation, 'path').length > 0;

export const TARGET_CASES: readonly FuzzCase[] = [
  {
    name: 'path: percent-encoding garbage and odd numbers',
    applies: hasPathParameters,
    build: (context) => {
      const [parameter] = parametersIn(context.operation, 'path');
      return buildRequest(context, {
        path: { [parameter?.name ?? '']: context.prng.pick(PATH_GARBAGE) },
      });
    },
  },
  {
    name: 'path: over-long parameter',
    applies: hasPathParameters,
    build: (context) => {
      const [parameter] = parametersIn(context.operation, 'path');
      const length = context.prng.pick([37, 99, 100, 101, 257, 1000, 1900]);
      return buildRequest(context, {
        path: { [parameter?.name ?? '']: context.prng.string(length, '0123456789abcdef-') },
      });
    },
  },
  {
    name: 'query: out-of-range, malformed and repeated values',
    applies: () => true,
    build: (context) => {
      const names = parametersIn(context.operation, 'query').map((parameter) => parameter.name);
      const name = names.length > 0 ? context.prng.pick(names) : 'limit';
      const value = context.prng.pick(QUERY_VALUES);
      const query = context.prng.pick([
        `${name}=${value}`,
        `${name}=1&${name}=2`,
        `${name}[]=1`,
        `${name}[a][b][c]=1`,
        `${name}=${value}&unknown=${value}`,
      ]);
      return buildRequest(context, { query });
    },
  },
  {
    name: 'query: prototype pollution and over-long',
    applies: () => true,
    build: (context) => {
      const query = context.prng.pick([
        '__proto__[polluted]=1',
        'constructor[prototype][polluted]=1',
        '__proto__=1',
        `a=${'x'.repeat(context.prng.int(1000, 2100))}`,
        `${'a[b]'.repeat(200)}=1`,
        Array.from({ length: 500 }, (_, index) => `k${index}=1`).join('&'),
      ]);
      return buildRequest(context, { query });
    },
  },
];
