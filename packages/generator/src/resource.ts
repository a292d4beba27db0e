import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addImport,
  appendProperties,
  appendToArray,
  objectKeys,
  topLevelNames,
} from './anchored-edits.js';
import { InvalidResourceNameError, resourceNames, type ResourceNames } from './names.js';

/** Where the generated code goes, as docs/adding-a-resource.md lays it out. */
export const PATHS = {
  api: 'apps/api',
  resources: 'apps/api/src/resources',
  registration: 'apps/api/src/resources/resources.ts',
  migrations: 'apps/api/src/platform/database/migrations',
  migrationIndex: 'apps/api/src/platform/database/migrations/index.ts',
  routeMatrix: 'apps/api/test/route-matrix.ts',
  openApi: 'apps/api/openapi.json',
} as const;

const TEMPLATES = fileURLToPath(new URL('../templates/resource/', import.meta.url));
const TOKEN = /\{\{(\w+)\}\}/g;

/** A file the generator creates or rewrites, relative to the repository root. */
export interface FileChange {
  readonly path: string;
  readonly text: string;
}

/** Everything a resource takes, computed (and every anchor checked) before anything is written. */
export interface ResourcePlan {
  readonly names: ResourceNames;
  readonly created: readonly FileChange[];
  readonly edited: readonly FileChange[];
}

/** The resource exists already, or its name is taken: nothing was written. */
export class ResourceRefusedError extends Error {
  override readonly name = 'ResourceRefusedError';
}

function templateFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? templateFiles(join(directory, entry.name))
      : entry.name.endsWith('.tpl')
        ? [join(directory, entry.name)]
        : [],
  );
}

/** Replaces each `{{token}}`; a token with no value is a bug in a template, never left in. */
export function render(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(TOKEN, (_match, token: string) => {
    const value = values[token];
    if (value === undefined) {
      throw new Error(`template token {{${token}}} has no value`);
    }
    return value;
  });
}

/** After the newest existing migration, even with a clock behind it. */
function migrationTimestamp(root: string, now: number): number {
  const existing = readdirSync(join(root, PATHS.migrations)).flatMap((file) => {
    const stamp = /^(\d+)-/.exec(file)?.[1];
    return stamp === undefined ? [] : [Number(stamp)];
  });
  return Math.max(now, ...existing.map((stamp) => stamp + 1));
}

function refuseTaken(root: string, names: ResourceNames): void {
  const folder = join(PATHS.resources, names.plural);
  if (existsSync(join(root, folder))) {
    throw new ResourceRefusedError(`${folder} exists already`);
  }
  const routes = objectKeys(
    PATHS.routeMatrix,
    readFileSync(join(root, PATHS.routeMatrix), 'utf8'),
    'ROUTE_MATRIX',
  );
  const served = routes.find((route) => route.split(' ')[1]?.split('/')[1] === names.plural);
  if (served !== undefined) {
    throw new ResourceRefusedError(`the API serves ${served} already (${PATHS.routeMatrix})`);
  }
  // The tables are those the migrations create: a resource cannot share one.
  const createsTable = new RegExp(`\\bCREATE TABLE (?:IF NOT EXISTS )?${names.table}\\b`, 'i');
  for (const file of readdirSync(join(root, PATHS.migrations))) {
    if (createsTable.test(readFileSync(join(root, PATHS.migrations, file), 'utf8'))) {
      throw new ResourceRefusedError(
        `a table ${names.table} exists already (${PATHS.migrations}/${file})`,
      );
    }
  }
}

/** Two top-level names of one generated file that collide (`class Page` beside `type Page`). */
function refuseShadowing(names: ResourceNames, files: readonly FileChange[]): void {
  for (const file of files) {
    const declared = topLevelNames(file.path, file.text);
    const twice = declared.find((name, index) => declared.indexOf(name) !== index);
    if (twice !== undefined) {
      throw new InvalidResourceNameError(
        `"${names.plural}" makes two ${twice} in ${file.path}: choose another name`,
      );
    }
  }
}

function edit(root: string, path: string, change: (text: string) => string): FileChange {
  return { path, text: change(readFileSync(join(root, path), 'utf8')) };
}

/**
 * The files of the resource `plural` in the repository at `root`: created (its folder, migration
 * and e2e suite) and edited (the migration list, the registration, the route matrix). Throws
 * {@link InvalidResourceNameError}, {@link ResourceRefusedError} or AnchorNotFoundError
 * before writing anything.
 */
export function planResource(root: string, plural: string, now = Date.now()): ResourcePlan {
  const names = resourceNames(plural);
  refuseTaken(root, names);
  const timestamp = String(migrationTimestamp(root, now));
  const values = { ...names, timestamp };
  const created = templateFiles(TEMPLATES)
    .sort()
    .map((template) => ({
      path: render(relative(TEMPLATES, template), values).replace(/\.tpl$/, ''),
      text: render(readFileSync(template, 'utf8'), values),
    }));
  refuseShadowing(names, created);

  const module = `${names.Plural}Module`;
  const migration = `Create${names.Plural}${timestamp}`;
  const edited = [
    edit(root, PATHS.migrationIndex, (text) =>
      appendToArray(
        PATHS.migrationIndex,
        addImport(PATHS.migrationIndex, text, migration, `./${timestamp}-create-${plural}.js`),
        'migrations',
        migration,
      ),
    ),
    edit(root, PATHS.registration, (text) =>
      appendToArray(
        PATHS.registration,
        addImport(PATHS.registration, text, module, `./${plural}/${plural}.module.js`),
        'RESOURCE_MODULES',
        module,
      ),
    ),
    edit(root, PATHS.routeMatrix, (text) =>
      appendProperties(PATHS.routeMatrix, text, 'ROUTE_MATRIX', [
        [`POST /${plural}`, 'SIGNED_IN'],
        [`GET /${plural}`, 'SIGNED_IN'],
        [`GET /${plural}/{id}`, 'SIGNED_IN'],
        [`PATCH /${plural}/{id}`, 'SIGNED_IN'],
        [`DELETE /${plural}/{id}`, 'SIGNED_IN'],
      ]),
    ),
  ];
  return { names, created, edited };
}

/**
 * Writes the plan and answers how to take it back: the created files removed (and the folders
 * they made), the edited files (and `alsoRestore`, which a later step rewrites) as they were.
 */
export function applyPlan(
  root: string,
  plan: ResourcePlan,
  alsoRestore: readonly string[] = [],
): () => void {
  const originals = [...plan.edited.map((file) => file.path), ...alsoRestore].map((path) => ({
    path,
    text: readFileSync(join(root, path), 'utf8'),
  }));
  const folder = join(root, PATHS.resources, plan.names.plural);
  const undo = (): void => {
    rmSync(folder, { recursive: true, force: true });
    for (const file of plan.created) {
      rmSync(join(root, file.path), { force: true });
    }
    for (const file of originals) {
      writeFileSync(join(root, file.path), file.text);
    }
  };
  try {
    for (const file of [...plan.created, ...plan.edited]) {
      mkdirSync(dirname(join(root, file.path)), { recursive: true });
      writeFileSync(join(root, file.path), file.text);
    }
  } catch (error) {
    undo();
    throw error;
  }
  return undo;
}
