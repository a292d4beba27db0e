import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { sarifReport } from './sarif-report.js';
import { namedCheck, reportOf } from './suite-fixtures.js';

const SCHEMA = JSON.parse(
  readFileSync(new URL('../../../schemas/sarif-2.1.0-rtm.5.json', import.meta.url), 'utf8'),
) as object;
// The schema predates strict mode and unicode patterns (one of its patterns is not valid with /u);
// its formats (uri, date-time) are not checked.
// A CommonJS module: its class is `default` of what NodeNext imports.
const validate = new AjvDraft04.default({
  allErrors: true,
  strict: false,
  unicodeRegExp: false,
  validateFormats: false,
}).compile(SCHEMA);

const passing = namedCheck('authentication.logout-revokes');
const failing = namedCheck('authentication.forged-tokens');
const skipped = namedCheck('headers.docs-absent');
const checks = [passing, failing, skipped];
const report = reportOf([
  [passing, { status: 'pass' }],
  [
    failing,
    { status: 'fail', findings: ['alg none: GET /users/me answered 200, not 401', 'expired: 200'] },
  ],
  [skipped, { status: 'skip', reason: 'not applicable' }],
]);

describe(sarifReport.name, () => {
  it('writes a log that validates against the SARIF 2.1.0 schema', () => {
    const sarif = sarifReport(report, checks);

    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has one rule per check, tagged with its references, and one result per finding', () => {
    const sarif = sarifReport(report, checks) as {
      runs: {
        tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } };
        results: { ruleId: string; ruleIndex: number; level: string }[];
      }[];
    };
    const [run] = sarif.runs;

    expect(run?.tool.driver.rules.map((rule) => rule.id)).toEqual(checks.map((check) => check.id));
    expect(run?.tool.driver.rules[1]?.properties.tags).toContain('ASVS 5.0 9.1.1');
    expect(run?.results).toEqual([
      expect.objectContaining({ ruleId: failing.id, ruleIndex: 1, level: 'error' }),
      expect.objectContaining({ ruleId: failing.id, ruleIndex: 1, level: 'error' }),
    ]);
  });

  it('is checked by a validator that refuses a log SARIF does not allow', () => {
    const broken = { ...sarifReport(report, checks), version: '2.0.0' };

    expect(validate(broken)).toBe(false);
  });
});
