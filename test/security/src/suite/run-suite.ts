import type { Check, CheckResult } from './check.js';
import type { SuiteContext } from './suite-context.js';

export interface SuiteReport {
  readonly target: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly results: readonly CheckResult[];
}

/** Runs the checks one after another; a check that throws fails with the error, the rest still run. */
export async function runSuite(
  context: SuiteContext,
  checks: readonly Check[],
  onResult?: (result: CheckResult) => void,
): Promise<SuiteReport> {
  const startedAt = new Date();
  const started = performance.now();
  const results: CheckResult[] = [];
  for (const check of checks) {
    const checkStarted = performance.now();
    const verdict = await check.run(context).catch((error: unknown) => ({
      status: 'fail' as const,
      findings: [
        `the check could not run: ${error instanceof Error ? error.message : String(error)}`,
      ],
    }));
    const result = { check, verdict, durationMs: Math.round(performance.now() - checkStarted) };
    results.push(result);
    onResult?.(result);
  }
  return {
    target: context.target.url.toString(),
    startedAt,
    durationMs: Math.round(performance.now() - started),
    results,
  };
}

export function failedChecks(report: SuiteReport): CheckResult[] {
  return report.results.filter((result) => result.verdict.status === 'fail');
}
