import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** What hcl2json returns: JSON, with every expression kept as a `${…}` string. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Record<string, Json>;

export interface Resource {
  readonly type: string;
  readonly name: string;
  readonly body: Body;
  readonly file: string;
}

/** One folder of .tf files, as Terraform reads it. */
export interface ModuleDir {
  readonly dir: string;
  readonly files: readonly string[];
  readonly resources: readonly Resource[];
  readonly dataSources: readonly Resource[];
  readonly variables: ReadonlyMap<string, Body>;
  readonly outputs: ReadonlyMap<string, Body>;
  readonly locals: ReadonlyMap<string, Json>;
  readonly calls: ReadonlyMap<string, Body>;
  readonly terraform: readonly Body[];
}

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const terraformRoot = join(repoRoot, 'infra/terraform');

export function isBody(value: Json | undefined): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string argument as written, or '' when it is not a string. */
export function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** hcl2json wraps every block in a list, since HCL allows a block more than once. */
export function blocks(value: Json | undefined): Body[] {
  if (Array.isArray(value)) {
    return value.filter(isBody);
  }
  return isBody(value) ? [value] : [];
}

const parsed = new Map<string, Promise<Body>>();

/** Parses one file; results are kept by content, so a mutation re-parses only what it changed. */
export function parseHcl(file: string, text: string): Promise<Body> {
  const key = `${file}\0${text}`;
  let result = parsed.get(key);
  if (result === undefined) {
    result = parse(file, text).then((json: unknown) => json as Body);
    parsed.set(key, result);
  }
  return result;
}

/** File contents by path relative to infra/terraform; a mutation replaces one entry. */
export type Sources = ReadonlyMap<string, string>;

export async function readSources(): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        await walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.tf')) {
        sources.set(relative(terraformRoot, path), await readFile(path, 'utf8'));
      }
    }
  };
  await walk(terraformRoot);
  return sources;
}

function namedBlocks(json: Body, kind: string): [string, Body][] {
  const group = json[kind];
  if (!isBody(group)) {
    return [];
  }
  return Object.entries(group).flatMap(([name, list]) =>
    blocks(list).map((body): [string, Body] => [name, body]),
  );
}

function typedBlocks(json: Body, kind: string, file: string): Resource[] {
  const group = json[kind];
  if (!isBody(group)) {
    return [];
  }
  return Object.entries(group).flatMap(([type, byName]) =>
    isBody(byName)
      ? namedBlocks({ [type]: byName }, type).map(([name, body]) => ({ type, name, body, file }))
      : [],
  );
}

export async function loadModuleDir(sources: Sources, dir: string): Promise<ModuleDir> {
  const files = [...sources.keys()].filter(
    (path) => path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/'),
  );
  const resources: Resource[] = [];
  const dataSources: Resource[] = [];
  const variables = new Map<string, Body>();
  const outputs = new Map<string, Body>();
  const locals = new Map<string, Json>();
  const calls = new Map<string, Body>();
  const terraform: Body[] = [];
  for (const file of files.sort()) {
    const json = await parseHcl(file, sources.get(file) ?? '');
    resources.push(...typedBlocks(json, 'resource', file));
    dataSources.push(...typedBlocks(json, 'data', file));
    for (const [name, body] of namedBlocks(json, 'variable')) {
      variables.set(name, body);
    }
    for (const [name, body] of namedBlocks(json, 'output')) {
      outputs.set(name, body);
    }
    for (const [name, body] of namedBlocks(json, 'module')) {
      calls.set(name, body);
    }
    for (const body of blocks(json.locals)) {
      for (const [name, value] of Object.entries(body)) {
        locals.set(name, value);
      }
    }
    terraform.push(...blocks(json.terraform));
  }
  return { dir, files, resources, dataSources, variables, outputs, locals, calls, terraform };
}

/** The folders holding .tf files: modules/* and environments/*. */
export function moduleDirs(sources: Sources): string[] {
  const dirs = new Set([...sources.keys()].map((path) => path.slice(0, path.lastIndexOf('/'))));
  return [...dirs].sort();
}
