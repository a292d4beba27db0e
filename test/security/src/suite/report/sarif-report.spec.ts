import { describe, expect, it } from 'vitest';
import { sarifReport } from './sarif-report.js';
import { sarifSchemaErrors } from './sarif-schema.js';
import { namedCheck, reportOf } from './suite-fixtures.js';

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

    expect(sarifSchemaErrors(sarif)).toBeUndefined();
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

    expect(sarifSchemaErrors(broken)).toMatch(/version/);
  });
});
