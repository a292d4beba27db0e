import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `pnpm test:generator`: the generator's promise, kept in a project that create-bulwark scaffolds
 * from the repository's tracked files (so a step that forgets a file, or a name the scaffolder
 * renames, shows here): `pnpm gen resource invoices`, then the project's lint,
 * typecheck and the suites a new resource touches pass without an edit; and the generated
 * cross-user test fails once the ownership condition is dropped. Minutes, so not in `pnpm test`.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CREATE_BULWARK = join(ROOT, 'packages/create-bulwark/bin/create-bulwark.js');
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

// The project's own Vitest must not take this run's workers or report for its own. The suites
// run where `pnpm test` does: on PostgreSQL too when TEST_DATABASE_URL is set.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
);
const timings: string[] = [];

/** Runs a step in the project; its output is shown only when it fails. */
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

describe('pnpm gen resource invoices, in a scaffolded project', () => {
  let scratch: string;
  let project: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'bulwark-generator-'));
    // A project as `pnpm create bulwark` makes it, renamed to its own scope: the generator's users.
    succeed('pnpm', ['--dir', 'packages/create-bulwark', 'run', 'prepack'], ROOT);
    succeed(
      process.execPath,
      [CREATE_BULWARK, '--yes', '--no-git', '--no-install', '--scope', '@acme', 'my-api'],
      scratch,
    );
    project = join(scratch, 'my-api');
    // --prefer-offline: the lockfile's release-age check may need registry metadata the cache lacks.
    succeed('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], project);
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    process.stdout.write(`\n${timings.join('\n')}\n`);
  });

  it('writes code that passes lint, typecheck and the suites a new resource touches', () => {
    const generated = succeed('pnpm', ['gen', 'resource', 'invoices'], project);
    expect(generated).toContain('created apps/api/test/invoices.e2e-spec.ts');
    // The lint and typecheck of what the generator wrote: the rest of the repository is
    // `pnpm lint`'s and `pnpm typecheck`'s in CI already.
    const written = [...generated.matchAll(/^\s+(?:created|edited) +(\S+)$/gm)].map(
      (match) => match[1] ?? '',
    );
    expect(written).toContain('apps/api/src/resources/invoices/invoices.service.ts');
    succeed('pnpm', ['exec', 'prettier', '--check', ...written], project);
    succeed('pnpm', ['exec', 'eslint', ...written.filter((file) => file.endsWith('.ts'))], project);
    succeed('pnpm', ['lint:boundaries'], project);
    succeed('pnpm', ['lint:openapi'], project);
    succeed('pnpm', ['--dir', 'apps/api', 'typecheck'], project);
    succeed('pnpm', ['exec', 'vitest', 'run', ...SUITES], join(project, 'apps/api'));
  });

  it('has a cross-user test that fails once queries by id drop the owner', () => {
    const file = join(project, OWNED_REPOSITORY);
    const source = readFileSync(file, 'utf8');
    expect(source, `${OWNED_REPOSITORY} no longer scopes queries as this proof expects`).toContain(
      SCOPED,
    );
    // The careless shortcut: an object found by its id alone.
    writeFileSync(file, source.replace(SCOPED, SCOPED.replace('{ id, ownerId }', '{ id }')));

    const report = join(project, 'cross-user.json');
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
      join(project, 'apps/api'),
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
