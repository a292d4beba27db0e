import { beforeAll, describe, expect, it } from 'vitest';
import { readSources } from '../src/hcl.js';
import { rules } from '../src/rules.js';
import { loadTree, type Tree } from '../src/tree.js';

let tree: Tree;

beforeAll(async () => {
  tree = await loadTree(await readSources());
});

describe('the policy rules on infra/terraform as committed', () => {
  it('has at least 35 rules, each with a unique id', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(35);
  });

  it('reads both environments', () => {
    expect(tree.roots.map((root) => root.path)).toEqual([
      'environments/production',
      'environments/staging',
    ]);
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s passes, and looks at something', (_id, r) => {
    const { findings, checked } = r.check(tree);
    expect(findings).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
