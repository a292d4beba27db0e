import { posix } from 'node:path';
import {
  type Body,
  type Json,
  type ModuleDir,
  type Resource,
  isBody,
  loadModuleDir,
  type Sources,
} from './hcl.js';

/** A module as instantiated by one environment: its folder, the call's arguments, its caller. */
export interface Instance {
  readonly path: string;
  readonly module: ModuleDir;
  readonly args?: Body;
  readonly parent?: Instance;
  readonly children: Map<string, Instance>;
}

/** What a variable's validation allows, when the suite can read it (else nothing is assumed). */
export type Domain =
  | { readonly kind: 'enum'; readonly values: readonly Json[] }
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'regex'; readonly pattern: string };

export type Scalar = string | number | boolean | null;

export type Value =
  | { readonly kind: 'scalar'; readonly value: Scalar }
  | { readonly kind: 'list'; readonly items: readonly Value[] }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Value>> }
  | {
      readonly kind: 'ref';
      readonly instance: Instance;
      readonly type: string;
      readonly name: string;
      readonly attr: string;
      readonly data: boolean;
    }
  | {
      readonly kind: 'variable';
      readonly instance: Instance;
      readonly name: string;
      readonly domain?: Domain;
      readonly candidates: readonly Value[];
    }
  | { readonly kind: 'unknown'; readonly expr: string };

const unknown = (expr: string): Value => ({ kind: 'unknown', expr });

/** Splits `a, [b, c], "d,e"` at its top-level commas. */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '\\') {
        i++;
      } else if (char === '"') {
        quoted = false;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === '(' || char === '[' || char === '{') {
      depth++;
    } else if (char === ')' || char === ']' || char === '}') {
      depth--;
    } else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') {
    parts.push(last);
  }
  return parts;
}

/** The expression of a string that is exactly one `${…}`, else undefined. */
export function wholeExpression(text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) {
    return undefined;
  }
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0 && i < text.length - 1) {
        return undefined;
      }
    }
  }
  return text.slice(2, -1).trim();
}

function unescapeHcl(text: string): string {
  return text.replace(/\\(["\\])/g, '$1');
}

/** Reads `contains([…], var.x)`, `var.x >= n` and `can(regex("…", var.x))` conjuncts. */
export function domainOf(name: string, variable: Body): Domain | undefined {
  const conjuncts = (Array.isArray(variable.validation) ? variable.validation : [])
    .filter(isBody)
    .flatMap((validation) => {
      const condition = typeof validation.condition === 'string' ? validation.condition : '';
      return splitTopLevel(wholeExpression(condition) ?? '', '&&');
    });
  let min: number | undefined;
  let max: number | undefined;
  const ref = `var\\.${name}`;
  for (const conjunct of conjuncts) {
    const listed = new RegExp(`^contains\\(\\[(.*)\\],\\s*${ref}\\)$`, 's').exec(conjunct);
    if (listed) {
      try {
        return { kind: 'enum', values: JSON.parse(`[${listed[1] ?? ''}]`) as Json[] };
      } catch {
        continue;
      }
    }
    const pattern = new RegExp(`^can\\(regex\\("(.*)",\\s*${ref}\\)\\)$`, 's').exec(conjunct);
    if (pattern) {
      return { kind: 'regex', pattern: unescapeHcl(pattern[1] ?? '') };
    }
    const bound = new RegExp(`^${ref}\\s*(>=|>|<=|<)\\s*(-?\\d+)$`).exec(conjunct);
    if (bound) {
      const limit = Number(bound[2]);
      const operator = bound[1];
      if (operator === '>=' || operator === '>') {
        min = operator === '>' ? limit + 1 : limit;
      } else {
        max = operator === '<' ? limit - 1 : limit;
      }
    }
  }
  return min === undefined && max === undefined ? undefined : { kind: 'range', min, max };
}

const resourceRef =
  /^(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(\[[^\]]*\])?(?:\.([\w.[\]*]+))?$/;

/** Turns hcl2json output into values, following variables, locals and module outputs. */
export class Resolver {
  resolve(json: Json | undefined, instance: Instance): Value {
    if (json === undefined) {
      return { kind: 'scalar', value: null };
    }
    if (Array.isArray(json)) {
      return { kind: 'list', items: json.map((item) => this.resolve(item, instance)) };
    }
    if (isBody(json)) {
      const fields: Record<string, Value> = {};
      for (const [key, value] of Object.entries(json)) {
        fields[key] = this.resolve(value, instance);
      }
      return { kind: 'object', fields };
    }
    if (typeof json !== 'string' || !json.includes('${')) {
      return { kind: 'scalar', value: json };
    }
    const expr = wholeExpression(json);
    return expr === undefined ? this.template(json, instance) : this.expression(expr, instance);
  }

  private template(text: string, instance: Instance): Value {
    const interpolation = /\$\{([^}]*)\}/g;
    const parts = [...text.matchAll(interpolation)].map((match) =>
      this.expression((match[1] ?? '').trim(), instance),
    );
    const scalars = parts.map((part) => (part.kind === 'scalar' ? part.value : null));
    if (scalars.some((part) => part === null)) {
      return unknown(text);
    }
    let index = 0;
    return { kind: 'scalar', value: text.replace(interpolation, () => String(scalars[index++])) };
  }

  expression(expr: string, instance: Instance): Value {
    if (/^-?\d+(\.\d+)?$/.test(expr)) {
      return { kind: 'scalar', value: Number(expr) };
    }
    if (expr === 'true' || expr === 'false') {
      return { kind: 'scalar', value: expr === 'true' };
    }
    if (expr === 'null') {
      return { kind: 'scalar', value: null };
    }
    if (/^"([^"\\$]|\\.)*"$/.test(expr)) {
      return { kind: 'scalar', value: unescapeHcl(expr.slice(1, -1)) };
    }
    if (expr.startsWith('[') && expr.endsWith(']') && !/^\[\s*for\s/.test(expr)) {
      return {
        kind: 'list',
        items: splitTopLevel(expr.slice(1, -1)).map((item) => this.expression(item, instance)),
      };
    }
    const call = /^(jsonencode|tostring|tonumber|toset)\((.*)\)$/s.exec(expr);
    if (call) {
      return this.expression((call[2] ?? '').trim(), instance);
    }
    const concat = /^concat\((.*)\)$/s.exec(expr);
    if (concat) {
      const lists = splitTopLevel(concat[1] ?? '').map((list) =>
        this.expression(list.trim(), instance),
      );
      return lists.every((list) => list.kind === 'list')
        ? { kind: 'list', items: lists.flatMap((list) => list.items) }
        : unknown(expr);
    }
    const [head, name, ...path] = expr.split('.');
    if (head === 'var' && name !== undefined) {
      return this.access(this.variable(name, instance), path, expr);
    }
    if (head === 'local' && name !== undefined && instance.module.locals.has(name)) {
      return this.access(this.resolve(instance.module.locals.get(name), instance), path, expr);
    }
    if (head === 'module' && name !== undefined && path[0] !== undefined) {
      const child = instance.children.get(name);
      const output = child?.module.outputs.get(path[0]);
      return child && output
        ? this.access(this.resolve(output.value, child), path.slice(1), expr)
        : unknown(expr);
    }
    const ref = resourceRef.exec(expr);
    if (ref) {
      const [, data, type = '', refName = '', , attr = ''] = ref;
      const pool = data ? instance.module.dataSources : instance.module.resources;
      if (pool.some((r) => r.type === type && r.name === refName)) {
        return { kind: 'ref', instance, type, name: refName, attr, data: data !== undefined };
      }
    }
    return unknown(expr);
  }

  private access(value: Value, path: readonly string[], expr: string): Value {
    let current = value;
    for (const key of path) {
      if (current.kind !== 'object') {
        return unknown(expr);
      }
      const next = current.fields[key];
      if (next === undefined) {
        return unknown(expr);
      }
      current = next;
    }
    return current;
  }

  private variable(name: string, instance: Instance): Value {
    const declaration = instance.module.variables.get(name);
    if (declaration === undefined) {
      return unknown(`var.${name}`);
    }
    const given = instance.args?.[name];
    const candidates: Value[] = [];
    if (given !== undefined && instance.parent) {
      candidates.push(this.resolve(given, instance.parent));
    } else if ('default' in declaration) {
      candidates.push(this.resolve(declaration.default, instance));
    }
    const domain = domainOf(name, declaration);
    const only = candidates[0];
    if (domain === undefined && candidates.length === 1 && only !== undefined) {
      return only;
    }
    return { kind: 'variable', instance, name, domain, candidates };
  }
}

export const resolver = new Resolver();

/** How a rule judges a value: scalars, references and variable domains each have their say. */
export interface Judge {
  scalar?(value: Scalar): boolean;
  ref?(value: Extract<Value, { kind: 'ref' }>): boolean;
  list?(items: readonly Value[]): boolean;
  object?(fields: Readonly<Record<string, Value>>): boolean;
  domain?(domain: Domain): boolean;
}

/**
 * True only when the value is known to pass. A variable passes when its validation makes every
 * allowed value pass and every value it is given passes too; anything unreadable fails closed.
 */
export function holds(value: Value, judge: Judge): boolean {
  switch (value.kind) {
    case 'scalar':
      return judge.scalar?.(value.value) ?? false;
    case 'ref':
      return judge.ref?.(value) ?? false;
    case 'list':
      return judge.list?.(value.items) ?? false;
    case 'object':
      return judge.object?.(value.fields) ?? false;
    case 'variable': {
      if (value.domain !== undefined) {
        const allowed = judge.domain?.(value.domain) ?? false;
        return (
          allowed &&
          value.candidates.every(
            (c) =>
              c.kind === 'unknown' ||
              (c.kind === 'variable' && c.candidates.length === 0) ||
              holds(c, judge),
          )
        );
      }
      return value.candidates.length > 0 && value.candidates.every((c) => holds(c, judge));
    }
    case 'unknown':
      return false;
  }
}

/** Judges of the common shapes: exactly this scalar, a number at least this, one of these. */
export const equals = (expected: Scalar): Judge => ({
  scalar: (value) => value === expected,
  domain: (domain) => domain.kind === 'enum' && domain.values.every((v) => v === expected),
});

export const atLeast = (minimum: number): Judge => ({
  scalar: (value) => typeof value === 'number' && value >= minimum,
  domain: (domain) =>
    (domain.kind === 'range' && domain.min !== undefined && domain.min >= minimum) ||
    (domain.kind === 'enum' && domain.values.every((v) => typeof v === 'number' && v >= minimum)),
});

export const oneOf = (allowed: readonly Scalar[]): Judge => ({
  scalar: (value) => allowed.includes(value),
  domain: (domain) =>
    domain.kind === 'enum' && domain.values.every((v) => allowed.includes(v as Scalar)),
});

/** The instances of one environment, its module calls followed into their folders. */
export async function instantiate(sources: Sources, root: string): Promise<Instance> {
  const cache = new Map<string, ModuleDir>();
  const load = async (dir: string): Promise<ModuleDir> => {
    let module = cache.get(dir);
    if (module === undefined) {
      module = await loadModuleDir(sources, dir);
      cache.set(dir, module);
    }
    return module;
  };
  const build = async (
    path: string,
    dir: string,
    args?: Body,
    parent?: Instance,
  ): Promise<Instance> => {
    const instance: Instance = { path, module: await load(dir), args, parent, children: new Map() };
    for (const [name, call] of instance.module.calls) {
      const source = typeof call.source === 'string' ? call.source : '';
      if (source.startsWith('./') || source.startsWith('../')) {
        const child = await build(
          `${path}/module.${name}`,
          posix.join(dir, source),
          call,
          instance,
        );
        instance.children.set(name, child);
      }
    }
    return instance;
  };
  return build(root, root);
}

export function* walk(instance: Instance): Generator<Instance> {
  yield instance;
  for (const child of instance.children.values()) {
    yield* walk(child);
  }
}

export interface Located {
  readonly instance: Instance;
  readonly resource: Resource;
}

export function address({ instance, resource }: Located): string {
  return `${instance.path}/${resource.type}.${resource.name}`;
}

/** The argument of a resource, resolved in its instance. */
export function arg(located: Located, name: string): Value {
  return resolver.resolve(located.resource.body[name], located.instance);
}

export function sameResource(ref: Value, target: Located): boolean {
  return (
    ref.kind === 'ref' &&
    !ref.data &&
    ref.instance === target.instance &&
    ref.type === target.resource.type &&
    ref.name === target.resource.name
  );
}
