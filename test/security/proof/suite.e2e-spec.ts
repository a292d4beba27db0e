import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE_CHECKS } from '../src/suite/checks/index.js';
import { sarifSchemaErrors } from '../src/suite/report/sarif-schema.js';
import { startTargetApi, type TargetApi } from '../test/support/target-api.js';
import { startWeakenedProxy } from './support/weakened-proxy.js';

const SUITE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_BUILD = fileURLToPath(new URL('../../../apps/api/dist/main.js', import.meta.url));

/**
 * Each check, and the finding the weakened proxy's weakness for it must produce. All but
 * transport.certificate, which src/suite/checks/transport.checks.spec.ts proves: a certificate
 * the suite cannot trust would stop every other check too.
 */
const EXPECTED_FAILURES: Readonly<Record<string, RegExp>> = {
  'transport.protocols': /TLSv1 handshake accepted/,
  'transport.cipher-suites': /weak suite accepted: ECDHE-ECDSA-AES128-SHA/,
  'transport.certificate-expiry': /^\d days left, threshold 14/,
  'transport.hsts': /no Strict-Transport-Security header/,
  'headers.security-headers': /no x-content-type-options/,
  'headers.problem-json': /DELETE \/health\/live .*Content-Type application\/json/,
  'headers.error-leaks': /body reveals a stack/,
  'headers.server-identity': /server: nginx\/1\.18\.0/,
  'headers.docs-absent': /GET \/docs → 200/,
  'authentication.forged-tokens': /alg none: GET \/users\/me answered 200, not 401/,
  'authentication.refresh-reuse': /the replayed refresh token answered 200/,
  'authentication.logout-revokes': /the access token still answers 200 after logout/,
  'authentication.no-enumeration': /more than 25 ms apart/,
  'authorization.cross-account': /GET \/notes\/\S+ by another account answered 200, not 404/,
  'authorization.mass-assignment': /POST \/notes accepted roles/,
  'authorization.admin-routes': /GET \/admin\/users\S* by a user answered 200/,
  'abuse.login-flood': /none refused with Retry-After/,
  'abuse.forwarded-for': /no refusal within 200 attempts/,
  'input.fuzzer': /\[server-error\] POST \/notes/,
};

interface SuiteRun {
  readonly code: number | null;
  readonly output: string;
  readonly sarif: { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
  readonly junit: string;
}

let scratch: string;
let api: TargetApi | undefined;

function target(): TargetApi {
  if (api === undefined) {
    throw new Error('The API did not start');
  }
  return api;
}

/** `pnpm test:security` as a user runs it, with the SARIF and JUnit reports. */
async function runSuite(
  name: string,
  url: URL,
  ca: string,
  extra: readonly string[],
): Promise<SuiteRun> {
  const caFile = join(scratch, `${name}-ca.pem`);
  writeFileSync(caFile, ca);
  const sarifFile = join(scratch, `${name}.sarif`);
  const junitFile = join(scratch, `${name}.xml`);
  const { admin, outboxDir } = target();
  const args = [
    '--conditions=source',
    '--import',
    '@swc-node/register/esm-register',
    'src/suite-cli.ts',
    ...['--target', url.toString(), '--ca', caFile, '--register', '--outbox', outboxDir],
    ...['--admin-email', admin.email, '--admin-totp-secret', admin.totpSecret ?? ''],
    ...['--sarif', sarifFile, '--junit', junitFile],
    ...extra,
  ];
  const child = spawn(process.execPath, args, {
    cwd: SUITE_ROOT,
    env: { PATH: process.env.PATH ?? '', BULWARK_SUITE_ADMIN_PASSWORD: admin.password },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (!existsSync(sarifFile)) {
    throw new Error(`The suite wrote no SARIF (exit ${String(code)}): ${output}`);
  }
  return {
    code,
    output,
    sarif: JSON.parse(readFileSync(sarifFile, 'utf8')) as SuiteRun['sarif'],
    junit: readFileSync(junitFile, 'utf8'),
  };
}

describe('pnpm test:security against the API from the build, with TLS, PostgreSQL and Redis', () => {
  beforeAll(async () => {
    for (const name of ['TEST_DATABASE_URL', 'TEST_REDIS_URL']) {
      if ((process.env[name] ?? '') === '') {
        throw new Error(`${name} is required: the proof runs the API on PostgreSQL and Redis`);
      }
    }
    if (!existsSync(API_BUILD)) {
      throw new Error('apps/api/dist is missing: run pnpm build first');
    }
    scratch = mkdtempSync(join(tmpdir(), 'bulwark-suite-proof-'));
    api = await startTargetApi({ build: 'dist', tls: true });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is all green against the real API (the OpenAPI UI check does not apply outside production)', async () => {
    const run = await runSuite('real', target().url, target().ca ?? '', [
      '--docs-allowed',
      '--budget',
      '20',
    ]);

    expect(run.output).toMatch(/19 passed, 0 failed, 1 skipped/);
    // Attachments are made by an upload into a note; only passkeys need what no client script has.
    expect(run.output).toMatch(
      /tried; not tried, no object of the owner's could be made or listed: PATCH \/auth\/passkeys\/\{id\}, DELETE \/auth\/passkeys\/\{id\}$/m,
    );
    expect(run.code).toBe(0);
    expect(run.sarif.runs[0]?.results).toEqual([]);
    expect(sarifSchemaErrors(run.sarif)).toBeUndefined();
    expect(run.junit).toMatch(/<testsuites [^>]*tests="20" failures="0" errors="0" skipped="1"/);
  });

  it('fails every other check, each for its own weakness, behind a deliberately weakened proxy', async () => {
    const proxy = await startWeakenedProxy({ url: target().url, ca: target().ca ?? '' });
    try {
      const run = await runSuite('weakened', proxy.url, proxy.ca, ['--budget', '10']);
      const messages = (id: string): string[] =>
        (run.sarif.runs[0]?.results ?? [])
          .filter((result) => result.ruleId === id)
          .map((result) => result.message.text);
      const unexplained = Object.entries(EXPECTED_FAILURES)
        .filter(([id, finding]) => !messages(id).some((message) => finding.test(message)))
        .map(([id]) => ({ id, findings: messages(id) }));

      expect(run.code).toBe(1);
      expect(new Set(run.sarif.runs[0]?.results.map((result) => result.ruleId))).toEqual(
        new Set(Object.keys(EXPECTED_FAILURES)),
      );
      expect(
        SUITE_CHECKS.map((check) => check.id).filter((id) => !(id in EXPECTED_FAILURES)),
      ).toEqual(['transport.certificate']);
      expect(unexplained).toEqual([]);
      expect(sarifSchemaErrors(run.sarif)).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });
});
