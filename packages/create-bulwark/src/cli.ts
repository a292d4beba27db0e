import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import * as prompts from '@clack/prompts';
import { assertWritableTarget, createProject, type Report } from './create.js';
import { projectNameProblem, scopeProblem } from './names.js';
import type { ProjectOptions } from './render.js';
import { bundledTemplate, ownVersion, publishedTemplate, templateFromFile } from './sources.js';
import type { Template } from './template.js';
import { assertCleanTree, readRecord, upgradeProject } from './upgrade.js';

export const CREATE_HELP = `Usage: create-bulwark [directory] [options]
       create-bulwark upgrade [--to <version> | --template <file>] [--base <file>] [--force]

Scaffolds a project from Bulwark, the hardened backend starter. Without --yes it asks.

Options:
  -y, --yes           take the defaults for every question not answered by a flag
      --scope <@s>    package scope of the workspaces (default: @<project name>)
      --no-install    do not run pnpm install
      --no-git        do not create a git repository and first commit
      --with-bench    keep the load benchmarks (bench/)
      --no-infra      leave out the Terraform for AWS (infra/terraform, test/infra)
      --template <f>  scaffold from this template (a packed create-bulwark .tgz or
                      bulwark-template.json) instead of the bundled one
  -h, --help          show this help
  -v, --version       show the version

upgrade (run in the project, or \`pnpm bulwark:upgrade\`): merges the template's changes
since the version in .bulwark.json into the project; conflicts are marked in the files.
      --to <version>  the create-bulwark version to upgrade to (default: this one)
      --template <f>  the template to upgrade to, from a file
      --base <f>      the template the project came from, when not fetched from npm
      --force         merge even when the work tree has uncommitted changes`;

const DEFAULT_NAME = 'my-api';

/** Runs the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const report: Report = (line) => {
    process.stdout.write(`${line}\n`);
  };
  try {
    if (argv[0] === 'upgrade') {
      return await upgrade(argv.slice(1), report);
    }
    return await create(argv, report);
  } catch (error) {
    process.stderr.write(
      `create-bulwark: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

async function create(argv: readonly string[], report: Report): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      yes: { type: 'boolean', short: 'y' },
      scope: { type: 'string' },
      'no-install': { type: 'boolean' },
      'no-git': { type: 'boolean' },
      'with-bench': { type: 'boolean' },
      'no-infra': { type: 'boolean' },
      template: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.help === true) {
    report(CREATE_HELP);
    return 0;
  }
  if (values.version === true) {
    report(ownVersion());
    return 0;
  }
  if (positionals.length > 1) {
    throw new Error(`one directory expected, got ${positionals.join(' ')}`);
  }
  const interactive = values.yes !== true;
  if (interactive && !process.stdin.isTTY) {
    throw new Error('no terminal to ask questions in: pass --yes (and flags) to run unattended');
  }
  const check = (problem: string | undefined): void => {
    if (problem !== undefined) {
      throw new Error(problem);
    }
  };
  if (interactive) {
    prompts.intro(`create-bulwark ${ownVersion()}`);
  }
  const directory =
    positionals[0] ??
    (interactive
      ? await askText(withDefault('Project name', DEFAULT_NAME, projectNameProblem))
      : DEFAULT_NAME);
  const name = basename(directory);
  check(projectNameProblem(name));
  assertWritableTarget(directory);
  if (values.scope !== undefined) {
    check(scopeProblem(values.scope));
  }
  const scope =
    values.scope ??
    (interactive
      ? await askText(withDefault('Package scope', `@${name}`, scopeProblem))
      : `@${name}`);
  const choose = async (
    flag: boolean | undefined,
    message: string,
    initial: boolean,
  ): Promise<boolean> =>
    flag ?? (interactive ? askConfirm({ message, initialValue: initial }) : initial);
  const withBench = await choose(values['with-bench'], 'Keep the load benchmarks (bench/)?', false);
  const withInfra = await choose(
    values['no-infra'] === true ? false : undefined,
    'Keep the Terraform for AWS (infra/terraform)?',
    true,
  );
  const git = await choose(
    values['no-git'] === true ? false : undefined,
    'Create a git repository?',
    true,
  );
  const install = await choose(
    values['no-install'] === true ? false : undefined,
    'Install dependencies with pnpm?',
    true,
  );

  const template =
    values.template === undefined ? bundledTemplate() : templateFromFile(values.template);
  const options: ProjectOptions = { name, scope, withBench, withInfra };
  await createProject(directory, template, options, { install, git }, report);
  const next = [`cd ${directory}`, ...(install ? [] : ['pnpm install']), 'pnpm dev'];
  if (interactive) {
    prompts.outro(`Done. Next: ${next.join(' && ')}`);
  } else {
    report(`Done. Next: ${next.join(' && ')}`);
  }
  return 0;
}

/** Ctrl-C at a prompt stops before anything was written. */
function stopIfCancelled<T>(answer: T | symbol): T {
  if (prompts.isCancel(answer)) {
    prompts.cancel('Cancelled: nothing was written.');
    process.exit(130);
  }
  return answer as T;
}

/** A text prompt whose empty answer means `fallback`. */
function withDefault(
  message: string,
  fallback: string,
  problem: (value: string) => string | undefined,
): prompts.TextOptions {
  return {
    message,
    placeholder: fallback,
    defaultValue: fallback,
    validate: (value) => problem(value === undefined || value === '' ? fallback : value),
  };
}

async function askText(options: prompts.TextOptions): Promise<string> {
  return stopIfCancelled<string>(await prompts.text(options));
}

async function askConfirm(options: prompts.ConfirmOptions): Promise<boolean> {
  return stopIfCancelled<boolean>(await prompts.confirm(options));
}

async function upgrade(argv: readonly string[], report: Report): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      to: { type: 'string' },
      template: { type: 'string' },
      base: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    report(CREATE_HELP);
    return 0;
  }
  if (values.to !== undefined && values.template !== undefined) {
    throw new Error('pass --to or --template, not both');
  }
  const projectRoot = process.cwd();
  const record = readRecord(projectRoot);
  if (values.force !== true) {
    assertCleanTree(projectRoot);
  }
  const next = nextTemplate(values.to, values.template);
  if (next.version === record.version && next.hash === record.hash) {
    report(`already on Bulwark ${record.version}`);
    return 0;
  }
  const base =
    values.base === undefined ? templateOfVersion(record.version) : templateFromFile(values.base);
  report(`upgrading from Bulwark ${base.version} to ${next.version}`);
  const result = await upgradeProject(projectRoot, base, next, report);
  if (result.conflicts.length > 0) {
    report(
      `${result.conflicts.length} conflicts: resolve the marked files (and any listed file one side deleted), then pnpm install, pnpm lint, pnpm test`,
    );
    return 1;
  }
  report('merged cleanly: review the diff, then pnpm install, pnpm lint, pnpm test');
  return 0;
}

function nextTemplate(to: string | undefined, file: string | undefined): Template {
  if (file !== undefined) {
    return templateFromFile(file);
  }
  return templateOfVersion(to ?? ownVersion());
}

function templateOfVersion(version: string): Template {
  return version === ownVersion() ? bundledTemplate() : publishedTemplate(version);
}
