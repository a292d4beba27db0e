import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** `pnpm gen …` as the root script runs it, on this repository. */
function gen(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'src/cli.ts', ...args],
    { cwd: PACKAGE, encoding: 'utf8' },
  );
}

describe('pnpm gen', () => {
  it('lists what a dry run would write, and writes nothing', () => {
    const result = gen('resource', 'invoices', '--dry-run');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /create apps\/api\/src\/resources\/invoices\/invoices\.service\.ts/,
    );
    expect(result.stdout).toMatch(/create apps\/api\/test\/invoices\.e2e-spec\.ts/);
    expect(result.stdout).toMatch(/edit +apps\/api\/openapi\.json/);
    expect(result.stdout.match(/^ {2}(create|edit)/gm)).toHaveLength(18);
    expect(existsSync(`${ROOT}apps/api/src/resources/invoices`)).toBe(false);
    expect(existsSync(`${ROOT}apps/api/test/invoices.e2e-spec.ts`)).toBe(false);
  });

  it('refuses a resource that exists, with a reason and exit code 1', () => {
    const result = gen('resource', 'notes');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'refused, nothing written: apps/api/src/resources/notes exists',
    );
  });

  it.each([[['model', 'invoices']], [['resource', 'invoices', '--force']]])(
    'answers %j with the usage and exit code 2',
    (args) => {
      const result = gen(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage: pnpm gen resource <name> [--dry-run]');
    },
  );

  it('prints its usage on --help', () => {
    const result = gen('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--dry-run    list the files it would create and edit');
  });
});
