import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Account } from './accounts.js';
import type { Target } from './http-client.js';
import { SUITE_CHECKS } from './suite/checks/index.js';
import { junitReport } from './suite/report/junit-report.js';
import { sarifReport } from './suite/report/sarif-report.js';
import { formatResult, formatSummary } from './suite/report/text-report.js';
import { failedChecks, runSuite } from './suite/run-suite.js';
import { suiteContext } from './suite/suite-context.js';
import { newTestAccount, registerAccount, retireAccounts } from './suite/test-accounts.js';

const USAGE = `Usage: pnpm test:security --target URL [options]

Checks a Bulwark deployment from outside, as an attacker would: transport, headers and errors,
authentication, authorization, abuse limits and input (the OpenAPI fuzzer). Exits 1 when a check
fails. Point it at a test or staging deployment: it signs in, floods the sign-in route and fuzzes.

  --target URL            base URL of the API (https://… checks TLS too)
  --ca FILE               trust anchors (PEM) for a certificate from a private CA
  Test accounts (without them the account checks are skipped):
  --accounts A,B          two verified accounts without MFA; their password in BULWARK_SUITE_PASSWORD
  --register              register two accounts instead (registration open), verified through
  --outbox DIR            the deployment's development mail outbox directory
  --register-domain D     e-mail domain of registered accounts (default example.com)
  --admin-email E         an admin with TOTP (password in BULWARK_SUITE_ADMIN_PASSWORD):
  --admin-totp-secret S   fuzzes the admin routes and locks the registered accounts at the end
  Limits:
  --budget N              fuzzer requests per operation (default 40; 0 skips the fuzzer)
  --seed N                seed of the fuzzer (default 1)
  --min-days N            fail when the certificate has N days left or fewer (default 14)
  --timing-samples N      pairs of failed sign-ins (known, unknown address) for enumeration (default 20)
  --timing-bound-ms N     a median difference within pairs above this fails when a sign test
                          finds the differences one-sided (default 25)
  --flood-max N           failed sign-ins sent before the flood check gives up (default 200)
  --docs-allowed          the target is not production: an OpenAPI UI is allowed
  --spec FILE             OpenAPI document (default apps/api/openapi.json of this repository)
  --slow-ms N, --body-limit N   as for the fuzzer (5000, 102400)
  Reports (human text goes to stdout in any case):
  --junit FILE            JUnit XML
  --sarif FILE            SARIF 2.1.0, for GitHub code scanning`;

const DEFAULT_SPEC = fileURLToPath(new URL('../../../apps/api/openapi.json', import.meta.url));

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    ca: { type: 'string' },
    accounts: { type: 'string' },
    register: { type: 'boolean', default: false },
    outbox: { type: 'string' },
    'register-domain': { type: 'string', default: 'example.com' },
    'admin-email': { type: 'string' },
    'admin-totp-secret': { type: 'string' },
    budget: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    'min-days': { type: 'string', default: '14' },
    'timing-samples': { type: 'string', default: '20' },
    'timing-bound-ms': { type: 'string', default: '25' },
    'flood-max': { type: 'string', default: '200' },
    'docs-allowed': { type: 'boolean', default: false },
    spec: { type: 'string', default: DEFAULT_SPEC },
    'slow-ms': { type: 'string', default: '5000' },
    'body-limit': { type: 'string', default: String(100 * 1024) },
    junit: { type: 'string' },
    sarif: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function usageError(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function count(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isSafeInteger(value) || value < 0) {
    usageError(`--${name} must be a non-negative integer`);
  }
  return value;
}

async function testAccounts(
  target: Target,
): Promise<{ owner: Account; other: Account } | undefined> {
  if (values.register) {
    const outbox = values.outbox;
    if (outbox === undefined) {
      usageError('--register needs --outbox DIR to read the verification mail');
    }
    const register = (): Promise<Account> =>
      registerAccount(target, outbox, newTestAccount(values['register-domain']));
    return { owner: await register(), other: await register() };
  }
  if (values.accounts === undefined) {
    return undefined;
  }
  const [owner, other, ...rest] = values.accounts.split(',');
  const password = process.env.BULWARK_SUITE_PASSWORD;
  if (owner === undefined || other === undefined || rest.length > 0 || password === undefined) {
    usageError('--accounts takes two e-mail addresses, and BULWARK_SUITE_PASSWORD their password');
  }
  return { owner: { email: owner, password }, other: { email: other, password } };
}

if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.target === undefined) {
  usageError('--target is required');
}
const target: Target = {
  url: new URL(values.target),
  ...(values.ca === undefined ? {} : { ca: readFileSync(values.ca, 'utf8') }),
};
const adminPassword = process.env.BULWARK_SUITE_ADMIN_PASSWORD;
const admin =
  values['admin-email'] === undefined || adminPassword === undefined
    ? undefined
    : {
        email: values['admin-email'],
        password: adminPassword,
        ...(values['admin-totp-secret'] === undefined
          ? {}
          : { totpSecret: values['admin-totp-secret'] }),
      };
const accounts = await testAccounts(target).catch((error: unknown) => {
  // A setup failure (registration closed, no mail, a wrong password) is one line, not a stack.
  process.stderr.write(
    `Could not get the test accounts: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
const context = suiteContext({
  target,
  document: JSON.parse(readFileSync(values.spec, 'utf8')) as unknown,
  accounts,
  admin,
  budget: count('budget'),
  seed: count('seed'),
  minDays: count('min-days'),
  timingSamples: count('timing-samples'),
  timingBoundMs: count('timing-bound-ms'),
  floodMax: count('flood-max'),
  docsAllowed: values['docs-allowed'],
  slowMs: count('slow-ms'),
  bodyLimitBytes: count('body-limit'),
});
process.stdout.write(`Bulwark security suite against ${target.url.toString()}\n\n`);
const report = await runSuite(context, SUITE_CHECKS, (result) => {
  process.stdout.write(`${formatResult(result)}\n`);
});
if (accounts !== undefined) {
  // Accounts given by the operator are only signed out; the suite's own are locked too.
  const problems = await retireAccounts(
    target,
    [accounts.owner, accounts.other],
    values.register ? admin : undefined,
  );
  for (const problem of problems) {
    process.stdout.write(`cleanup: ${problem}\n`);
  }
}
if (values.junit !== undefined) {
  writeFileSync(values.junit, junitReport(report));
}
if (values.sarif !== undefined) {
  writeFileSync(values.sarif, `${JSON.stringify(sarifReport(report, SUITE_CHECKS), null, 2)}\n`);
}
process.stdout.write(`\n${formatSummary(report)}\n`);
process.exit(failedChecks(report).length === 0 ? 0 : 1);
