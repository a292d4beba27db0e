import type { CheckGroup, CheckResult } from '../check.js';
import type { SuiteReport } from '../run-suite.js';

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function xml(text: string): string {
  // Control characters other than tab and line breaks are not allowed in XML 1.0 at all.
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[&<>"']/g, (character) => XML_ESCAPES[character] ?? character)
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testCase({ check, verdict, durationMs }: CheckResult): string {
  const open = `    <testcase classname="security.${xml(check.id.split('.')[0] ?? '')}" name="${xml(`${check.id}: ${check.title} [${check.references.join(', ')}]`)}" time="${seconds(durationMs)}"`;
  switch (verdict.status) {
    case 'pass':
      return `${open}/>`;
    case 'skip':
      return `${open}>\n      <skipped message="${xml(verdict.reason)}"/>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure message="${xml(`${String(verdict.findings.length)} findings`)}">${xml(verdict.findings.join('\n'))}</failure>\n    </testcase>`;
  }
}

/** JUnit XML, one testsuite per group, as CI systems display test results. */
export function junitReport(report: SuiteReport): string {
  const groups = new Map<CheckGroup, CheckResult[]>();
  for (const result of report.results) {
    groups.set(result.check.group, [...(groups.get(result.check.group) ?? []), result]);
  }
  const count = (results: readonly CheckResult[], status: string): number =>
    results.filter((result) => result.verdict.status === status).length;
  const suites = [...groups].map(([group, results]) =>
    [
      `  <testsuite name="${xml(group)}" tests="${String(results.length)}" failures="${String(count(results, 'fail'))}" errors="0" skipped="${String(count(results, 'skip'))}" time="${seconds(results.reduce((sum, result) => sum + result.durationMs, 0))}" timestamp="${report.startedAt.toISOString()}">`,
      ...results.map(testCase),
      '  </testsuite>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`Bulwark security suite against ${report.target}`)}" tests="${String(report.results.length)}" failures="${String(count(report.results, 'fail'))}" errors="0" skipped="${String(count(report.results, 'skip'))}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
