import type { Finding } from './findings.js';
import { asArray, asRecord, asString, strings } from './values.js';

/** What issue 16 asks of the Renovate config, beyond what the validator checks. */
export const RENOVATE_RULES = [
  // config:best-practices: digests for actions and images, pinned devDependencies, config migration.
  'best-practices',
  // Automerge only for patch/minor devDependencies and lockfile maintenance.
  'automerge-scope',
  // npm updates wait at least 3 days.
  'release-age',
  // Security updates: labelled, raised at once, never held by the release age.
  'security-updates',
  // The dependency dashboard is on.
  'dashboard',
] as const;
export type RenovateRule = (typeof RENOVATE_RULES)[number];

const MIN_RELEASE_DAYS = 3;

export function checkRenovateConfig(config: unknown, file: string): Finding<RenovateRule>[] {
  const findings: Finding<RenovateRule>[] = [];
  const report = (rule: RenovateRule, message: string): void => {
    findings.push({ rule, file, message });
  };
  const root = asRecord(config);
  const rules = asArray(root.packageRules).map(asRecord);
  const presets = strings(root.extends);

  if (!presets.includes('config:best-practices')) {
    report('best-practices', 'extends must include config:best-practices');
  }

  if (root.automerge === true) {
    report('automerge-scope', 'automerge is on for every update');
  }
  for (const rule of rules.filter((packageRule) => packageRule.automerge === true)) {
    const depTypes = strings(rule.matchDepTypes);
    const updateTypes = strings(rule.matchUpdateTypes);
    if (
      depTypes.length === 0 ||
      depTypes.some((type) => type !== 'devDependencies') ||
      updateTypes.length === 0 ||
      updateTypes.some((type) => type !== 'patch' && type !== 'minor')
    ) {
      report(
        'automerge-scope',
        `automerge beyond patch/minor devDependencies: ${JSON.stringify(rule)}`,
      );
    }
  }
  if (asRecord(root.vulnerabilityAlerts).automerge === true) {
    report('automerge-scope', 'security updates are automerged; they need a reviewer');
  }

  const npmAges = rules
    .filter(
      (rule) =>
        strings(rule.matchDatasources).includes('npm') && rule.minimumReleaseAge !== undefined,
    )
    .map((rule) => rule.minimumReleaseAge);
  const ages = [root.minimumReleaseAge, ...npmAges].filter((age) => age !== undefined);
  if (ages.length === 0 || ages.some((age) => days(age) < MIN_RELEASE_DAYS)) {
    report(
      'release-age',
      `npm updates must wait at least ${MIN_RELEASE_DAYS} days (minimumReleaseAge)`,
    );
  }

  const alerts = asRecord(root.vulnerabilityAlerts);
  if (
    alerts.enabled === false ||
    !strings(alerts.labels).includes('security') ||
    alerts.minimumReleaseAge !== null ||
    alerts.prCreation !== 'immediate'
  ) {
    report(
      'security-updates',
      'vulnerabilityAlerts: enabled, labelled "security", minimumReleaseAge null, prCreation immediate',
    );
  }

  if (!presets.includes(':dependencyDashboard') && root.dependencyDashboard !== true) {
    report('dashboard', 'the dependency dashboard is off');
  }
  return findings;
}

/** Days of a Renovate duration such as "3 days" or "72 hours"; 0 when unreadable. */
function days(age: unknown): number {
  const match = /^(\d+)\s*(day|days|d|hour|hours|h)$/.exec((asString(age) ?? '').trim());
  if (match?.[1] === undefined) {
    return 0;
  }
  const amount = Number(match[1]);
  return match[2]?.startsWith('h') === true ? amount / 24 : amount;
}
