import { call } from '../../http-client.js';
import { problemError } from '../../findings.js';
import { skip, verdictOf, type Check } from '../check.js';
import { sendProbes, type ProbeAnswer } from './probes.js';

/** Header → what its value must contain, on every answer. */
const SECURITY_HEADERS: Readonly<Record<string, RegExp>> = {
  'x-content-type-options': /^nosniff$/i,
  'content-security-policy': /frame-ancestors 'none'/,
  'cache-control': /no-store/,
  'referrer-policy': /./,
};

/** What an error body must never carry: a stack frame, a file path, SQL, a library's name. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['a stack frame', /\bat [\w$.<>[\] ]+ \(|\bat (file:\/\/)?\/[\w/.-]+:\d+:\d+/],
  ['a stack property', /"stack"\s*:/],
  ['a source path', /\/[\w.-]+\/[\w./-]+\.(ts|js|mjs|cjs)\b|node_modules/],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]*\b(FROM|VALUES|SET|WHERE)\b|SQLSTATE/],
  [
    'a library name',
    /\b(QueryFailedError|TypeORM|NestJS|@nestjs|Fastify|FST_\w+|ioredis|pg-protocol|class-validator|argon2)\b/i,
  ],
];

const DOCS_PATHS = ['/docs', '/docs/json', '/docs-json', '/swagger', '/openapi.json'];

function probeCheck(
  id: string,
  title: string,
  references: readonly string[],
  judge: (probe: ProbeAnswer) => readonly string[],
): Check {
  return {
    id,
    group: 'Headers and errors',
    title,
    references,
    run: async (context) => {
      const findings = (await sendProbes(context.target)).flatMap((probe) =>
        judge(probe).map(
          (finding) => `${probe.label} → ${String(probe.answer.status)}: ${finding}`,
        ),
      );
      return verdictOf(findings);
    },
  };
}

export const HEADERS_CHECKS: readonly Check[] = [
  probeCheck(
    'headers.security-headers',
    'Every answer, errors included, carries the security header set',
    [
      'ASVS 5.0 3.4.3',
      'ASVS 5.0 3.4.4',
      'ASVS 5.0 3.4.5',
      'ASVS 5.0 3.4.6',
      'ASVS 5.0 14.3.2',
      'API8:2023',
    ],
    ({ answer }) =>
      Object.entries(SECURITY_HEADERS)
        .filter(([name, expected]) => !expected.test(answer.headers.get(name) ?? ''))
        .map(([name, expected]) =>
          answer.headers.has(name)
            ? `${name} "${answer.headers.get(name) ?? ''}" does not match ${String(expected)}`
            : `no ${name}`,
        ),
  ),
  probeCheck(
    'headers.problem-json',
    'Every error answer is application/problem+json with type, title, status and requestId',
    ['ASVS 5.0 16.5.1', 'API8:2023'],
    ({ answer }) => {
      const problem = answer.status < 400 ? undefined : problemError(answer);
      return problem === undefined ? [] : [problem];
    },
  ),
  probeCheck(
    'headers.error-leaks',
    'No error body reveals a stack, a path, SQL or a library name',
    ['ASVS 5.0 16.5.1', 'ASVS 5.0 13.4.2', 'API8:2023'],
    ({ answer }) => {
      const body = answer.body.toString('utf8');
      return answer.status < 400
        ? []
        : LEAKS.filter(([, pattern]) => pattern.test(body)).map(
            ([what]) => `body reveals ${what}: ${body.slice(0, 160)}`,
          );
    },
  ),
  probeCheck(
    'headers.server-identity',
    'No answer names the server software (Server, X-Powered-By)',
    ['ASVS 5.0 13.4.6', 'API8:2023'],
    ({ answer }) =>
      ['server', 'x-powered-by', 'x-aspnet-version']
        .filter((name) => answer.headers.has(name))
        .map((name) => `${name}: ${answer.headers.get(name) ?? ''}`),
  ),
  {
    id: 'headers.docs-absent',
    group: 'Headers and errors',
    title: 'No OpenAPI UI or document is served in production',
    references: ['ASVS 5.0 13.4.5', 'API9:2023'],
    run: async (context) => {
      if (context.docsAllowed) {
        return skip('not applicable: --docs-allowed says the target is not production');
      }
      const findings: string[] = [];
      for (const path of DOCS_PATHS) {
        const answer = await call(context.target, 'GET', path);
        if (answer.status < 300) {
          findings.push(`GET ${path} → ${String(answer.status)}`);
        }
      }
      return verdictOf(findings);
    },
  },
];
