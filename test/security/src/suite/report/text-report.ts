import type { CheckResult } from '../check.js';
import type { SuiteReport } from '../run-suite.js';

const LABELS = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

/** One result as it lands: a line, then its findings or why it was skipped. */
export function formatResult({ check, verdict, durationMs }: CheckResult): string {
  const head = `${LABELS[verdict.status]} ${check.id} — ${check.title} [${check.references.join(', ')}] (${String(durationMs)} ms)`;
  switch (verdict.status) {
    case 'pass':
      return verdict.note === undefined ? head : `${head}\n     ${verdict.note}`;
    case 'skip':
      return `${head}\n     ${verdict.reason}`;
    case 'fail':
      return [
        head,
        ...verdict.findings.map((finding) => `     - ${finding.replaceAll('\n', '\n       ')}`),
      ].join('\n');
  }
}

export function formatSummary(report: SuiteReport): string {
  const count = (status: keyof typeof LABELS): number =>
    report.results.filter((result) => result.verdict.status === status).length;
  return `${String(count('pass'))} passed, ${String(count('fail'))} failed, ${String(count('skip'))} skipped in ${(report.durationMs / 1000).toFixed(1)} s against ${report.target}`;
}
