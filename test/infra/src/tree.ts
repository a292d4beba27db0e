import { type Body, blocks, isBody, type Sources } from './hcl.js';
import { type Instance, instantiate, type Located, walk } from './values.js';

/** Every environment, instantiated: the rules read resources as each environment deploys them. */
export interface Tree {
  readonly roots: readonly Instance[];
  resources(type: string): Located[];
  dataSources(type: string): Located[];
}

export async function loadTree(sources: Sources): Promise<Tree> {
  const rootDirs = [
    ...new Set([...sources.keys()].map((path) => path.slice(0, path.lastIndexOf('/')))),
  ]
    .filter((dir) => dir.startsWith('environments/'))
    .sort();
  const roots = await Promise.all(rootDirs.map((dir) => instantiate(sources, dir)));
  const instances = roots.flatMap((root) => [...walk(root)]);
  const pick = (type: string, data: boolean): Located[] =>
    instances.flatMap((instance) =>
      (data ? instance.module.dataSources : instance.module.resources)
        .filter((resource) => resource.type === type)
        .map((resource) => ({ instance, resource })),
    );
  return {
    roots,
    resources: (type) => pick(type, false),
    dataSources: (type) => pick(type, true),
  };
}

/** The nested blocks of a resource, such as its `ingress` or `statement` blocks. */
export function nested(body: Body, name: string): Body[] {
  return blocks(body[name]);
}

/** A nested block's nested blocks, in one step: `nested(body, 'rule', 'statement')`. */
export function path(body: Body, ...names: string[]): Body[] {
  let current: Body[] = [body];
  for (const name of names) {
    current = current.flatMap((b) => blocks(b[name]));
  }
  return current;
}

export function hasKey(body: Body, key: string): boolean {
  return key in body && !(isBody(body[key]) && Object.keys(body[key]).length === 0);
}
