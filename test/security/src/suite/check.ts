import type { SuiteContext } from './suite-context.js';

export type CheckGroup =
  'Transport' | 'Headers and errors' | 'Authentication' | 'Authorization' | 'Abuse' | 'Input';

/** What one check concluded: `fail` lists what is wrong, `skip` says why it does not apply. */
export type Verdict =
  | { readonly status: 'pass'; readonly note?: string }
  | { readonly status: 'fail'; readonly findings: readonly string[] }
  | { readonly status: 'skip'; readonly reason: string };

/** One named test of the deployment, with the requirements it verifies. */
export interface Check {
  /** Stable: the SARIF rule id, the JUnit test name and the threat model's reference. */
  readonly id: string;
  readonly group: CheckGroup;
  /** What a passing deployment does, as a sentence. */
  readonly title: string;
  /** OWASP ASVS 5.0 requirements (`ASVS 5.0 9.1.1`) and API Security Top 10 2023 risks (`API1:2023`). */
  readonly references: readonly string[];
  run(context: SuiteContext): Promise<Verdict>;
}

export interface CheckResult {
  readonly check: Check;
  readonly verdict: Verdict;
  readonly durationMs: number;
}

/** Passes when nothing was found, fails with the findings otherwise. */
export function verdictOf(findings: readonly string[], note?: string): Verdict {
  if (findings.length > 0) {
    return { status: 'fail', findings };
  }
  return note === undefined ? { status: 'pass' } : { status: 'pass', note };
}

export function skip(reason: string): Verdict {
  return { status: 'skip', reason };
}

export type TestAccounts = NonNullable<SuiteContext['accounts']>;

/** A check that needs the two test accounts, skipped with the reason when there are none. */
export function accountsCheck(
  group: CheckGroup,
  id: string,
  title: string,
  references: readonly string[],
  run: (context: SuiteContext, accounts: TestAccounts) => Promise<Verdict>,
): Check {
  return {
    id,
    group,
    title,
    references,
    run: (context) =>
      context.accounts === undefined
        ? Promise.resolve(skip('not applicable: no test accounts (--accounts or --register)'))
        : run(context, context.accounts),
  };
}
