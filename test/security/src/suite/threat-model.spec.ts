import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUITE_CHECKS } from './checks/index.js';

const MODEL = readFileSync(
  new URL('../../../../docs/security/threat-model.md', import.meta.url),
  'utf8',
);
const GROUPS = new Set(SUITE_CHECKS.map((check) => check.id.split('.')[0]));

/** The check ids the model names: code spans shaped like `group.name` of a known group. */
function namedChecks(text: string): string[] {
  return [...text.matchAll(/`([a-z]+)\.([a-z-]+)`/g)]
    .filter(([, group]) => GROUPS.has(group))
    .map(([, group, name]) => `${group ?? ''}.${name ?? ''}`);
}

describe('docs/security/threat-model.md', () => {
  it('names every check of the suite beside the threat it proves answered', () => {
    const named = new Set(namedChecks(MODEL));

    expect(SUITE_CHECKS.map((check) => check.id).filter((id) => !named.has(id))).toEqual([]);
  });

  it('names no check the suite does not have', () => {
    const known = new Set(SUITE_CHECKS.map((check) => check.id));

    expect(namedChecks(MODEL).filter((id) => !known.has(id))).toEqual([]);
  });

  it('reads check ids the way the model writes them', () => {
    expect(namedChecks('`transport.hsts`, `headers.gone`, `apps.api`')).toEqual([
      'transport.hsts',
      'headers.gone',
    ]);
  });
});
