import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from './citations.js';
import { lineOf, nodes, parseGfm, type TableRow } from './gfm.js';
import type { Repo } from './repo.js';

/** What a `pnpm …` line of the docs may run: each package's scripts, and the CLI's commands. */
export interface Commands {
  readonly rootScripts: ReadonlySet<string>;
  /** Scripts of each workspace package, under its name and under its directory. */
  readonly packageScripts: ReadonlyMap<string, ReadonlySet<string>>;
  readonly cliCommands: ReadonlySet<string>;
  /** The CLI commands that open the database (through `withDataContext`). */
  readonly databaseCommands: ReadonlySet<string>;
}

// pnpm's own commands, which win over a script of the same name: nothing to look up.
const BUILT_INS = new Set(
  'add audit bin config create deploy dlx env exec fetch import init install licenses link list ls outdated pack patch prune publish rebuild remove root setup store update why'.split(
    ' ',
  ),
);
const TARGET_FLAGS = new Set(['--filter', '-F', '--dir', '-C']);
const PLACEHOLDER = /^</;
// `pnpm` then its arguments, up to a quote, a backtick, a shell operator or the end of the line.
const INVOCATION = /(?:^|[\s(])pnpm((?:[ \t]+[^\s`'"();&|>]+)+)/g;
// The CLI's commands are named like `keys:rotate`.
const CLI_COMMAND = /^[a-z][\w-]*:[\w-]+$/;

export function readCommands(repo: Repo): Commands {
  const read = (path: string): string => readFileSync(join(repo.root, path), 'utf8');
  const scriptsOf = (path: string): { name: string; scripts: Set<string> } => {
    const manifest = JSON.parse(read(path)) as { name: string; scripts?: Record<string, string> };
    return { name: manifest.name, scripts: new Set(Object.keys(manifest.scripts ?? {})) };
  };
  const packageScripts = new Map<string, ReadonlySet<string>>();
  const packageDirs = new Map<string, string>();
  for (const dir of workspaceDirs(repo.root, read('pnpm-workspace.yaml'))) {
    const { name, scripts } = scriptsOf(`${dir}/package.json`);
    packageDirs.set(name, dir);
    packageScripts.set(name, scripts);
    packageScripts.set(dir, scripts);
  }
  return {
    rootScripts: new Set([
      ...scriptsOf('package.json').scripts,
      ...workspaceBins(read, packageDirs),
    ]),
    packageScripts,
    // A command may live in its capability's folder as well as in cli/.
    ...cliCommandsIn(repo.root, 'apps/api/src'),
  };
}

/** `pnpm <bin>` runs a bin of a workspace package the root depends on (as `pnpm cli` does). */
function workspaceBins(
  read: (path: string) => string,
  packageDirs: ReadonlyMap<string, string>,
): string[] {
  const root = JSON.parse(read('package.json')) as { devDependencies?: Record<string, string> };
  return Object.keys(root.devDependencies ?? {}).flatMap((name) => {
    const dir = packageDirs.get(name);
    if (dir === undefined) {
      return [];
    }
    const { bin } = JSON.parse(read(`${dir}/package.json`)) as {
      bin?: string | Record<string, string>;
    };
    return typeof bin === 'object' ? Object.keys(bin) : [];
  });
}

/** Every `pnpm …` in code names a script of its package, or a command of the CLI after `pnpm cli`. */
export function checkCommands(commands: Commands, file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  for (const node of nodes(parseGfm(text))) {
    if (node.type === 'inlineCode') {
      for (const message of invocationProblems(commands, node.value)) {
        report(lineOf(node), message);
      }
    } else if (node.type === 'code') {
      node.value.split('\n').forEach((line, index) => {
        // Shell comments are prose.
        for (const message of invocationProblems(commands, line.replace(/(^|\s)#.*$/, ''))) {
          report(lineOf(node) + 1 + index, message);
        }
      });
    } else if (node.type === 'tableRow' && isCliRow(node)) {
      // The row of `pnpm cli <command>` lists the commands by name alone.
      for (const cell of nodes(node)) {
        if (
          cell.type === 'inlineCode' &&
          CLI_COMMAND.test(cell.value) &&
          !commands.cliCommands.has(cell.value)
        ) {
          report(lineOf(cell), `\`${cell.value}\` is not a command of the CLI`);
        }
      }
    }
  }
  return problems;
}

function isCliRow(row: TableRow): boolean {
  const [first] = row.children;
  return (
    first !== undefined &&
    [...nodes(first)].some(
      (node) => node.type === 'inlineCode' && node.value === 'pnpm cli <command>',
    )
  );
}

function invocationProblems(commands: Commands, code: string): string[] {
  return [...code.matchAll(INVOCATION)].flatMap((match) =>
    invocationProblem(commands, (match[1] ?? '').trim().split(/\s+/)),
  );
}

function invocationProblem(commands: Commands, args: readonly string[]): string[] {
  let target: string | undefined;
  let index = 0;
  for (; args[index]?.startsWith('-') === true; index += 1) {
    const flag = args[index] ?? '';
    if (flag === '-r' || flag === '--recursive') {
      return []; // a script of some packages, not of one
    }
    if (TARGET_FLAGS.has(flag)) {
      index += 1;
      target = args[index];
    }
  }
  if (args[index] === 'run') {
    index += 1;
  }
  const script = args[index];
  const shown = `pnpm ${args.join(' ')}`;
  if (script === undefined || PLACEHOLDER.test(script) || BUILT_INS.has(script)) {
    return [];
  }
  if (target !== undefined) {
    const scripts = commands.packageScripts.get(target);
    if (scripts === undefined) {
      return [`${shown}: no workspace package ${target}`];
    }
    return scripts.has(script) ? [] : [`${shown}: ${target} has no script "${script}"`];
  }
  if (!commands.rootScripts.has(script)) {
    return [`${shown}: the root package.json has no script "${script}"`];
  }
  const command =
    script === 'cli' ? args.slice(index + 1).find((arg) => !arg.startsWith('-')) : undefined;
  if (command !== undefined && !PLACEHOLDER.test(command) && !commands.cliCommands.has(command)) {
    return [`${shown}: "${command}" is not a command of the CLI`];
  }
  return [];
}

/** The directories pnpm-workspace.yaml lists under `packages:`, `dir/*` expanded. */
function workspaceDirs(root: string, yaml: string): string[] {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'packages:');
  const patterns: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const entry = /^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/.exec(line);
    if (entry === null) {
      break;
    }
    patterns.push(entry[1] ?? '');
  }
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) {
      return [pattern];
    }
    const parent = pattern.slice(0, -2);
    return readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && hasManifest(root, `${parent}/${entry.name}`))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

function hasManifest(root: string, dir: string): boolean {
  return readdirSync(join(root, dir)).includes('package.json');
}

/** The CLI's nest-commander commands (`@Command({ name: '…' })` under `dir`), and those that open the database. */
function cliCommandsIn(
  root: string,
  dir: string,
): Pick<Commands, 'cliCommands' | 'databaseCommands'> {
  const cliCommands = new Set<string>();
  const databaseCommands = new Set<string>();
  for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) {
      continue;
    }
    const source = readFileSync(join(root, dir, file), 'utf8');
    for (const match of source.matchAll(/@Command\(\s*\{[^}]*?\bname:\s*'([^']+)'/g)) {
      const name = match[1] ?? '';
      cliCommands.add(name);
      if (source.includes('withDataContext(')) {
        databaseCommands.add(name);
      }
    }
  }
  return { cliCommands, databaseCommands };
}

/** The CLI commands a paragraph that opens with `**<title>**` names by themselves. */
export function cliCommandsOfParagraph(text: string, title: string): string[] {
  for (const node of nodes(parseGfm(text))) {
    const [first] = node.type === 'paragraph' ? node.children : [];
    const [heading] = first?.type === 'strong' ? first.children : [];
    if (heading?.type === 'text' && heading.value === title) {
      return [...nodes(node)].flatMap((span) =>
        span.type === 'inlineCode' && CLI_COMMAND.test(span.value) ? [span.value] : [],
      );
    }
  }
  return [];
}
