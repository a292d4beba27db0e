import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROMETHEUS_RULES_DIR } from '../support/prometheus.js';
import { describeWith, PROMETHEUS } from '../support/requirements.js';

interface RuleFile {
  groups: { rules: { alert?: string; annotations?: { runbook_url?: string } }[] }[];
}

interface RuleTestFile {
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

const REPOSITORY_ROOT = join(PROMETHEUS_RULES_DIR, '../../..');

function readYaml(name: string): unknown {
  return parse(readFileSync(join(PROMETHEUS_RULES_DIR, name), 'utf8'));
}

const alerts = (readYaml('alerts.yml') as RuleFile).groups.flatMap((group) =>
  group.rules.filter((rule) => rule.alert !== undefined),
);
const cases = (readYaml('alerts.test.yml') as RuleTestFile).tests.flatMap(
  (test) => test.alert_rule_test ?? [],
);

describeWith(PROMETHEUS)('alert rules (infra/monitoring/prometheus)', () => {
  it('pass their promtool unit tests', () => {
    const run = spawnSync('promtool', ['test', 'rules', 'alerts.test.yml'], {
      cwd: PROMETHEUS_RULES_DIR,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  it.each(alerts.map((rule) => [rule.alert ?? '', rule] as const))(
    '%s has a runbook, a series that fires it and one that must not',
    (name, rule) => {
      const runbook = rule.annotations?.runbook_url ?? '';
      expect(runbook).toMatch(/^docs\/runbooks\/alerts\/[a-z-]+\.md$/);
      expect(existsSync(join(REPOSITORY_ROOT, runbook)), runbook).toBe(true);
      const ofThisAlert = cases.filter((test) => test.alertname === name);
      expect(ofThisAlert.some((test) => (test.exp_alerts ?? []).length > 0)).toBe(true);
      expect(ofThisAlert.some((test) => (test.exp_alerts ?? []).length === 0)).toBe(true);
    },
  );
});
