/** One broken rule: which rule, in which file, and what is wrong there. */
export interface Finding<Rule extends string = string> {
  readonly rule: Rule;
  readonly file: string;
  readonly message: string;
}

/** The distinct rules that `findings` break, sorted: what a fixture's test compares. */
export function brokenRules(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((finding) => finding.rule))].sort();
}

/** One line per finding, for assertion messages. */
export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((finding) => `${finding.file}: [${finding.rule}] ${finding.message}`)
    .join('\n');
}
