import { describe, expect, it } from 'vitest';
import { junitReport } from './junit-report.js';
import { namedCheck, reportOf } from './suite-fixtures.js';

describe(junitReport.name, () => {
  it('counts and escapes: one testcase per check, failures with their findings, skips with why', () => {
    const pass = namedCheck('a.pass');
    const fail = namedCheck('a.fail');
    const skip = namedCheck('a.skip');

    const xml = junitReport(
      reportOf([
        [pass, { status: 'pass' }],
        [fail, { status: 'fail', findings: ['answered <200> & "ok"\u0001'] }],
        [skip, { status: 'skip', reason: 'plain http' }],
      ]),
    );

    expect(xml).toContain('tests="3" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('Title of a.fail &lt;with&gt; &quot;markup&quot; &amp; more');
    expect(xml).toContain('>answered &lt;200&gt; &amp; &quot;ok&quot;</failure>');
    expect(xml).toContain('<skipped message="plain http"/>');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
  });
});
