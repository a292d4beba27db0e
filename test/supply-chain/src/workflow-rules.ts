import { isScalar, parseDocument, visit, type Document } from 'yaml';
import type { Finding } from './findings.js';
import { asArray, asRecord, asString, isRecord, type Json } from './values.js';

/**
 * Bulwark's rules for GitHub Actions workflows, beyond what actionlint checks. They hold for every
 * file in .github/workflows, whoever wrote it (docs/supply-chain.md explains each).
 */
export const WORKFLOW_RULES = [
  // Third-party actions by full commit SHA with the version in a comment; images by digest.
  'actions-pinned',
  // Top-level permissions {} or contents: read; jobs raise what they need, never *-all.
  'least-privilege',
  // pull_request_target and workflow_run never check out or fetch the untrusted head.
  'untrusted-checkout',
  // No ${{ github.event.* }} (or github.head_ref) expanded into a script.
  'script-injection',
  // Every job has timeout-minutes.
  'job-timeout',
  // actions/checkout leaves no token behind in .git/config.
  'checkout-credentials',
  // Runs of one workflow and ref queue or cancel instead of piling up.
  'concurrency',
] as const;
export type WorkflowRule = (typeof WORKFLOW_RULES)[number];

const FULL_SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s*v?\d+(\.\d+){0,2}\b/;
const IMAGE_DIGEST = /@sha256:[0-9a-f]{64}$/;
const UNTRUSTED_TRIGGERS = ['pull_request_target', 'workflow_run'];
const UNTRUSTED_REF =
  /github\.event\.pull_request\.head|github\.head_ref|github\.event\.workflow_run\.head|refs\/pull\//;
const UNTRUSTED_FETCH = /\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull\//;
const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const ATTACKER_CONTROLLED = /\bgithub\.event\.|\bgithub\.head_ref\b/;
const JOB_PERMISSION_LEVELS = new Set(['read', 'write', 'none']);

export function checkWorkflow(text: string, file: string): Finding<WorkflowRule>[] {
  const findings: Finding<WorkflowRule>[] = [];
  const report = (rule: WorkflowRule, message: string): void => {
    findings.push({ rule, file, message });
  };
  const document = parseDocument(text, { merge: true });
  if (document.errors.length > 0) {
    throw new Error(
      `${file}: not YAML: ${document.errors.map((error) => error.message).join('; ')}`,
    );
  }
  const workflow = asRecord(document.toJS() as unknown);
  const jobs = Object.entries(asRecord(workflow.jobs)).map(([id, job]) => ({
    id,
    job: asRecord(job),
  }));
  const steps = jobs.flatMap(({ id, job }) =>
    asArray(job.steps).map((step, index) => ({
      where: `job ${id} step ${index + 1}`,
      step: asRecord(step),
    })),
  );

  checkPins(document, report);
  checkPermissions(workflow, jobs, report);

  const triggers = triggerNames(workflow.on);
  if (triggers.some((trigger) => UNTRUSTED_TRIGGERS.includes(trigger))) {
    for (const { where, step } of steps) {
      const ref = asString(asRecord(step.with).ref) ?? '';
      if (isCheckout(step) && UNTRUSTED_REF.test(ref)) {
        report(
          'untrusted-checkout',
          `${where} checks out the untrusted head (${ref}) under ${triggers.join(', ')}`,
        );
      }
      if (UNTRUSTED_FETCH.test(asString(step.run) ?? '')) {
        report(
          'untrusted-checkout',
          `${where} fetches the untrusted head under ${triggers.join(', ')}`,
        );
      }
    }
  }

  for (const { where, step } of steps) {
    const scripts = [asString(step.run)];
    if (asString(step.uses)?.startsWith('actions/github-script@') === true) {
      scripts.push(asString(asRecord(step.with).script));
    }
    for (const script of scripts) {
      for (const [, expression = ''] of (script ?? '').matchAll(EXPRESSION)) {
        if (ATTACKER_CONTROLLED.test(expression)) {
          report(
            'script-injection',
            `${where} expands \${{${expression}}} into its script; pass it through env:`,
          );
        }
      }
    }
  }

  for (const { id, job } of jobs) {
    // A job that calls a reusable workflow may not set a timeout; the called jobs do.
    if (job.uses === undefined && job['timeout-minutes'] === undefined) {
      report('job-timeout', `job ${id} has no timeout-minutes`);
    }
  }

  for (const { where, step } of steps) {
    const persist = asRecord(step.with)['persist-credentials'];
    if (isCheckout(step) && persist !== false && persist !== 'false') {
      report('checkout-credentials', `${where} checks out without persist-credentials: false`);
    }
  }

  if (
    workflow.concurrency === undefined &&
    !jobs.every(({ job }) => job.concurrency !== undefined)
  ) {
    report('concurrency', 'no concurrency group, at the top or on every job');
  }
  return findings;
}

function checkPins(
  document: Document,
  report: (rule: WorkflowRule, message: string) => void,
): void {
  visit(document, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value)) {
        return;
      }
      const uses = String(pair.value.value);
      const comment = pair.value.comment ?? '';
      if (uses.startsWith('./')) {
        return;
      }
      if (uses.startsWith('docker://')) {
        if (!IMAGE_DIGEST.test(uses)) {
          report('actions-pinned', `${uses} is not pinned by digest`);
        }
        return;
      }
      const ref = uses.slice(uses.lastIndexOf('@') + 1);
      if (!uses.includes('@') || !FULL_SHA.test(ref)) {
        report('actions-pinned', `${uses} is not pinned by a full commit SHA`);
      } else if (!VERSION_COMMENT.test(comment)) {
        report('actions-pinned', `${uses} has no "# vX.Y.Z" comment naming the pinned version`);
      }
    },
  });
}

function checkPermissions(
  workflow: Json,
  jobs: { id: string; job: Json }[],
  report: (rule: WorkflowRule, message: string) => void,
): void {
  const top = workflow.permissions;
  const scopes = isRecord(top) ? Object.keys(top) : undefined;
  const readOnly =
    scopes !== undefined &&
    (scopes.length === 0 || (scopes.length === 1 && asRecord(top).contents === 'read'));
  if (!readOnly) {
    report('least-privilege', 'top-level permissions must be {} or { contents: read }');
  }
  for (const { id, job } of jobs) {
    const permissions = job.permissions;
    if (permissions === undefined) {
      continue;
    }
    if (!isRecord(permissions)) {
      report(
        'least-privilege',
        `job ${id} sets permissions to ${JSON.stringify(permissions)}; list the scopes it needs`,
      );
      continue;
    }
    for (const [scope, level] of Object.entries(permissions)) {
      if (typeof level !== 'string' || !JOB_PERMISSION_LEVELS.has(level)) {
        report(
          'least-privilege',
          `job ${id}: ${scope}: ${String(level)} is not read, write or none`,
        );
      }
    }
  }
}

function triggerNames(on: unknown): string[] {
  if (typeof on === 'string') {
    return [on];
  }
  if (Array.isArray(on)) {
    return on.filter((trigger): trigger is string => typeof trigger === 'string');
  }
  return Object.keys(asRecord(on));
}

function isCheckout(step: Json): boolean {
  return asString(step.uses)?.startsWith('actions/checkout@') === true;
}
