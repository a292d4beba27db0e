import type { Check } from '../check.js';
import type { SuiteReport } from '../run-suite.js';

const TOOL = 'bulwark-security-suite';
// The contract a deployment breaks when a check fails: the file code scanning points at.
const CONTRACT = 'apps/api/openapi.json';

function rule(check: Check): Record<string, unknown> {
  return {
    id: check.id,
    name: check.id.replace(/(^|[.-])(\w)/g, (_match, _separator: string, letter: string) =>
      letter.toUpperCase(),
    ),
    shortDescription: { text: check.title },
    fullDescription: { text: `${check.title}. Verifies ${check.references.join(', ')}.` },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['security', check.group, ...check.references] },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per check, one result per finding of a failed
 * check. `automationDetails.id` names the target, so runs against staging and production stay apart.
 */
export function sarifReport(
  report: SuiteReport,
  checks: readonly Check[],
): Record<string, unknown> {
  const endTime = new Date(report.startedAt.getTime() + report.durationMs);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL, rules: checks.map(rule) } },
        automationDetails: { id: `${TOOL}/${new URL(report.target).host}/` },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt.toISOString(),
            endTimeUtc: endTime.toISOString(),
          },
        ],
        results: report.results.flatMap(({ check, verdict }) =>
          verdict.status !== 'fail'
            ? []
            : verdict.findings.map((finding) => ({
                ruleId: check.id,
                ruleIndex: checks.indexOf(check),
                level: 'error',
                message: { text: `${finding} (target ${report.target})` },
                locations: [{ physicalLocation: { artifactLocation: { uri: CONTRACT } } }],
              })),
        ),
      },
    ],
  };
}
