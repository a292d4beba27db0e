import { beforeAll, describe, expect, it } from 'vitest';
import { readSources } from '../src/hcl.js';
import { type Mutation, mutations } from '../src/mutations.js';
import { failingRules, rules } from '../src/rules.js';
import { loadTree } from '../src/tree.js';

let sources: Map<string, string>;

beforeAll(async () => {
  sources = await readSources();
});

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

async function failingAfter(mutation: Mutation): Promise<string[]> {
  const original = sources.get(mutation.file);
  if (original === undefined) {
    throw new Error(`no file ${mutation.file}`);
  }
  expect(occurrences(original, mutation.from), `"${mutation.from}" once in ${mutation.file}`).toBe(
    1,
  );
  const mutated = new Map(sources);
  mutated.set(
    mutation.file,
    original.replace(mutation.from, () => mutation.to),
  );
  return [...failingRules(await loadTree(mutated)).keys()];
}

describe('every rule is proven to bite', () => {
  it('has a mutation for every rule, and every mutation names a rule', () => {
    const ruleIds = rules.map((r) => r.id).sort();
    const mutated = [...new Set(mutations.map((m) => m.rule))].sort();
    expect(mutated).toEqual(ruleIds);
  });

  it.each(mutations.map((m) => [m.rule, m] as const))(
    'breaking what %s checks fails that rule and no other',
    async (rule, mutation) => {
      expect(await failingAfter(mutation)).toEqual([rule]);
    },
  );
});
