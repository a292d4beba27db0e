import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `pnpm test:generator`: the generator's promise, kept on a clone of the committed HEAD (so a
 * step that forgets a file shows here): `pnpm gen resource invoices`, then the project's lint,
 * typecheck and the suites a new resource touches pass without an edit; and the generated
 * cross-user test fails once the ownership condition is dropped. Minutes, so not in `pnpm test`.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OWNED_REPOSITORY = 'apps/api/src/access/ownership/owned.repository.ts';
const SCOPED = 'return (id === undefined ? { ownerId } : { id, ownerId }) as FindOptionsWhere<E>;';
const SUITES = [
  'test/invoices.e2e-spec.ts',
  'test/error-contract.spec.ts',
  'test/openapi.spec.ts',
  'test/route-matrix.e2e-spec.ts',
  'test/key-rotation.e2e-spec.ts',
  'test/entity-schema.e2e-spec.ts',
];

// The clone's own Vitest must not take this run's workers or report for its own. The suites run
// on the embedded database only: `pnpm test` runs the same migrations and queries on PostgreSQL,
// and this proof is about the generated files, in a CI time budget.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !name.startsWith('VITEST') && name !== 'TEST_DATABASE_URL',
  ),
);
const timings: string[] = [];

/** Runs a step in the clone; its output is shown only when it fails. */
function step(
  command: string,
  args: readonly string[],
  cwd: string,
): { status: number | null; output: string } {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  timings.push(`${[command, ...args].join(' ')}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function succeed(command: string, args: readonly string[], cwd: string): string {
  const { status, output } = step(command, args, cwd);
  expect(status, `${[command, ...args].join(' ')}\n${output.slice(-20_000)}`).toBe(0);
  return output;
}

describe('pnpm gen resource invoices, in a clone of the repository', () => {
  let clone: string;

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'bulwark-generator-'));
    succeed('git', ['clone', '-q', ROOT, clone], ROOT);
    succeed('pnpm', ['install', '--frozen-lockfile', '--offline'], clone);
  });

  afterAll(() => {
    rmSync(clone, { recursive: true, force: true });
    process.stdout.write(`\n${timings.join('\n')}\n`);
  });

  it('writes code that passes lint, typecheck and the suites a new resource touches', () => {
    const generated = succeed('pnpm', ['gen', 'resource', 'invoices'], clone);
    expect(generated).toContain('created apps/api/test/invoices.e2e-spec.ts');
    // The lint and typecheck of what the generator wrote: the rest of the repository is
    // `pnpm lint`'s and `pnpm typecheck`'s in CI already.
    const written = [...generated.matchAll(/^\s+(?:created|edited) +(\S+)$/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(written).toContain('apps/api/src/resources/invoices/invoices.service.ts');
    succeed('pnpm', ['exec', 'prettier', '--check', ...written], clone);
    succeed('pnpm', ['exec', 'eslint', ...written.filter((file) => file.endsWith('.ts'))], clone);
    succeed('pnpm', ['lint:boundaries'], clone);
    succeed('pnpm', ['lint:openapi'], clone);
    succeed('pnpm', ['--dir', 'apps/api', 'typecheck'], clone);
    succeed('pnpm', ['exec', 'vitest', 'run', ...SUITES], join(clone, 'apps/api'));
  });

  it('has a cross-user test that fails once queries by id drop the owner', () => {
    const file = join(clone, OWNED_REPOSITORY);
    const source = readFileSync(file, 'utf8');
    expect(source, `${OWNED_REPOSITORY} no longer scopes queries as this proof expects`).toContain(
      SCOPED,
    );
    // The careless shortcut: an object found by its id alone.
    writeFileSync(file, source.replace(SCOPED, SCOPED.replace('{ id, ownerId }', '{ id }')));

    const report = join(clone, 'cross-user.json');
    const { status } = step(
      'pnpm',
      [
        'exec',
        'vitest',
        'run',
        'test/invoices.e2e-spec.ts',
        '--reporter=json',
        `--outputFile=${report}`,
      ],
      join(clone, 'apps/api'),
    );
    expect(status).not.toBe(0);
    const results = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { assertionResults: { title: string; status: string }[] }[];
    };
    const failed = results.testResults
      .flatMap((file) => file.assertionResults)
      .filter((test) => test.status === 'failed')
      .map((test) => test.title);
    for (const attack of ['reads', 'changes (PATCH)', 'deletes']) {
      expect(failed).toContain(
        `another user who ${attack} the owner's object gets the 404 of a missing id, and nothing changes`,
      );
    }
  });
});
