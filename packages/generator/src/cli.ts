import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AnchorNotFoundError } from './anchored-edits.js';
import { InvalidResourceNameError } from './names.js';
import { applyPlan, PATHS, planResource, ResourceRefusedError } from './resource.js';

const USAGE = `Usage: pnpm gen resource <name> [--dry-run]

Adds an owner-scoped resource to apps/api, as docs/adding-a-resource.md describes:
its folder under ${PATHS.resources}/<name>/ (entity with a plaintext name and encrypted
details, errors, DTOs, service, controller, module), a migration, its registration, its
route-matrix rows and an e2e suite with the cross-user test; then regenerates
${PATHS.openApi} and formats what it wrote.

  <name>       plural, kebab-case: invoices, purchase-orders
  --dry-run    list the files it would create and edit, and write nothing
  -h, --help   this text
`;

/** The repository this package sits in: packages/generator/src/ → the root. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const out = (text: string): void => void process.stdout.write(text);
const fail = (text: string, code = 1): never => {
  process.stderr.write(`gen: ${text}\n`);
  process.exit(code);
};

/** Runs one step in the repository; `step` names it in the failure. */
function run(step: string, command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    const ended = result.signal ?? `exit ${String(result.status)}`;
    throw new Error(`${step} failed (${ended})`);
  }
}

function main(argv: readonly string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    out(USAGE);
    return;
  }
  const [kind, name, ...rest] = positionals;
  if (kind !== 'resource' || name === undefined || rest.length > 0) {
    return fail(`expected \`resource <name>\`\n\n${USAGE}`, 2);
  }

  let plan;
  try {
    plan = planResource(ROOT, name);
  } catch (error) {
    if (
      error instanceof InvalidResourceNameError ||
      error instanceof ResourceRefusedError ||
      error instanceof AnchorNotFoundError
    ) {
      return fail(`refused, nothing written: ${error.message}`);
    }
    throw error;
  }
  const list = (verb: string, paths: readonly string[]): string =>
    paths.map((path) => `  ${verb} ${path}\n`).join('');
  const createdPaths = plan.created.map((file) => file.path);
  const formattedPaths = [...createdPaths, ...plan.edited.map((file) => file.path)];
  const editedPaths = [...plan.edited.map((file) => file.path), PATHS.openApi];
  if (values['dry-run'] === true) {
    out(
      `Would write (dry run, nothing written):\n${list('create', createdPaths)}${list('edit  ', editedPaths)}`,
    );
    return;
  }

  // Ctrl-C ends the step under way (its child gets the signal too), and the files go back.
  process.on('SIGINT', () => undefined);
  const undo = applyPlan(ROOT, plan, [PATHS.openApi]);
  try {
    // The scope is the project's own (@bulwark/api here, renamed in a scaffolded project).
    const api = (
      JSON.parse(readFileSync(join(ROOT, PATHS.api, 'package.json'), 'utf8')) as { name: string }
    ).name;
    run('formatting', 'pnpm', [
      'exec',
      'prettier',
      '--write',
      '--log-level',
      'warn',
      ...formattedPaths,
    ]);
    run(`pnpm --filter ${api} openapi`, 'pnpm', ['--silent', '--filter', api, 'openapi']);
  } catch (error) {
    undo();
    return fail(`${(error as Error).message}; every file is back as it was`);
  }
  out(
    `${list('created', createdPaths)}${list('edited ', editedPaths)}\nNext: pnpm lint, pnpm typecheck, and cd ${PATHS.api} && pnpm exec vitest run test/${plan.names.plural}.e2e-spec.ts\n`,
  );
}

main(process.argv.slice(2));
