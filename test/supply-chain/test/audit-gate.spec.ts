import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRepoFile, repoPath } from '../src/repo.js';

const GATE = repoPath('scripts', 'audit-gate.mjs');
const GHSA = 'GHSA-2222-3333-4444';
const scratch = mkdtempSync(join(tmpdir(), 'bulwark-audit-'));
let registry: Server;
let registryUrl: string;
/** What the fake advisory database answers next: a severity for zod (a production dependency), or an HTTP error. */
let answer: { severity: string } | { status: number } = { severity: 'high' };

beforeAll(async () => {
  // npm's bulk advisory endpoint, as pnpm audit calls it, for the real lockfile's packages.
  registry = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if ('status' in answer) {
        response.statusCode = answer.status;
        response.end();
        return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({
          zod: [
            {
              id: 1,
              url: `https://github.com/advisories/${GHSA}`,
              title: 'A made-up advisory',
              severity: answer.severity,
              vulnerable_versions: '>=0.0.0',
              cwe: ['CWE-20'],
              cvss: { score: 7.5, vectorString: null },
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => registry.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

const day = (offset: number): string =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function allowlist(accepted: unknown[]): string {
  const file = join(scratch, `allowlist-${String(Math.random()).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ accepted }));
  return file;
}

const acceptance = (overrides: Record<string, string> = {}): Record<string, string> => ({
  id: GHSA,
  package: 'zod',
  reason: 'Only the parser path we never call is affected.',
  acceptedBy: 'security@example.com',
  acceptedOn: day(-1),
  reviewBy: day(30),
  ...overrides,
});

/** The gate against the fake database: exit status and output. */
function gate(list: string, ...flags: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [GATE, '--allowlist', list, '--registry', registryUrl, ...flags],
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('the pnpm audit gate (scripts/audit-gate.mjs)', () => {
  it('refuses a high advisory in a production dependency', async () => {
    answer = { severity: 'high' };
    const { code, output } = await gate(allowlist([]));
    expect(code).toBe(1);
    expect(output).toContain(`REFUSED: ${GHSA} high zod`);
  });

  it('passes below high', async () => {
    answer = { severity: 'moderate' };
    const { code, output } = await gate(allowlist([]));
    expect(code, output).toBe(0);
  });

  it('passes an advisory the allow-list accepts, until its review date', async () => {
    answer = { severity: 'critical' };
    const accepted = await gate(allowlist([acceptance()]));
    expect(accepted.code, accepted.output).toBe(0);
    expect(accepted.output).toContain(`accepted until ${day(30)}`);
    const expired = await gate(
      allowlist([acceptance({ acceptedOn: day(-60), reviewBy: day(-1) })]),
    );
    expect(expired.code).toBe(1);
    expect(expired.output).toContain('expired');
  });

  it('refuses an acceptance without a reason, for too long, or not by GHSA id', async () => {
    answer = { severity: 'high' };
    const cases: [Record<string, string>, RegExp][] = [
      [acceptance({ reason: ' ' }), /missing: reason/],
      [acceptance({ reviewBy: day(200) }), /more than 90 days after acceptedOn/],
      [acceptance({ id: 'CVE-2026-0001' }), /is not a GHSA id/],
    ];
    for (const [entry, message] of cases) {
      const { code, output } = await gate(allowlist([entry]));
      expect(code, output).toBe(1);
      expect(output).toMatch(message);
    }
  });

  it('fails when the advisory database does not answer, unless told this machine cannot reach it', async () => {
    answer = { status: 405 };
    const closed = await gate(allowlist([]));
    expect(closed.code).toBe(1);
    const tolerated = await gate(allowlist([]), '--allow-unreachable');
    expect(tolerated.code).toBe(0);
    expect(tolerated.output).toContain('WARNING');
  });

  it('ships an allow-list the gate reads: dated and documented', async () => {
    answer = { severity: 'low' };
    const { code, output } = await gate(repoPath('scripts', 'audit-allowlist.json'));
    expect(code, output).toBe(0);
    expect(readRepoFile('scripts/audit-allowlist.json')).toContain('reviewBy');
  });
});
