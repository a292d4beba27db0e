import type { Check, CheckResult, Verdict } from '../check.js';
import type { SuiteReport } from '../run-suite.js';

/** A check that only has a name: for report formats, which never run one. */
export function namedCheck(id: string): Check {
  return {
    id,
    group: 'Authentication',
    title: `Title of ${id} <with> "markup" & more`,
    references: ['ASVS 5.0 9.1.1', 'API2:2023'],
    run: () => Promise.resolve({ status: 'pass' }),
  };
}

export function reportOf(results: readonly [Check, Verdict][]): SuiteReport {
  return {
    target: 'https://api.example.com/',
    startedAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 1234,
    results: results.map(([check, verdict]): CheckResult => ({ check, verdict, durationMs: 10 })),
  };
}
