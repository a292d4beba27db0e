import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Account } from './accounts.js';
import { describe } from './findings.js';
import { fuzz } from './fuzzer.js';

const USAGE = `Usage: pnpm test:security --target URL [options]

  --target URL          base URL of the API to fuzz (required)
  --seed N              seed of the random requests (default 1): the same seed sends the same requests
  --budget N            requests per operation (default 40)
  --spec FILE           OpenAPI document (default: apps/api/openapi.json of this repository)
  --slow-ms N           an answer slower than this is a finding (default 5000)
  --body-limit N        the server's BODY_LIMIT_BYTES (default 102400)
  Accounts (optional; without them, signed-in routes are fuzzed without a valid token):
  --user-email, --user-password                      a verified account without MFA
  --admin-email, --admin-password, --admin-totp-secret   an admin with TOTP enrolled
  Passwords may come from BULWARK_FUZZ_USER_PASSWORD / BULWARK_FUZZ_ADMIN_PASSWORD instead.

Exits 1 when there is any finding: a 5xx (other than 503 with Retry-After), a transport error,
an error answer that is not application/problem+json with type, title, status and requestId,
or an answer slower than --slow-ms. Use a test deployment: the fuzzer registers accounts,
signs out its sessions and may trip the lockouts and bans of the accounts and address it uses.`;

const DEFAULT_SPEC = fileURLToPath(new URL('../../../apps/api/openapi.json', import.meta.url));

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    seed: { type: 'string', default: '1' },
    budget: { type: 'string', default: '40' },
    spec: { type: 'string', default: DEFAULT_SPEC },
    'slow-ms': { type: 'string', default: '5000' },
    'body-limit': { type: 'string', default: String(100 * 1024) },
    'user-email': { type: 'string' },
    'user-password': { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-password': { type: 'string' },
    'admin-totp-secret': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function account(
  email: string | undefined,
  password: string | undefined,
  totpSecret?: string,
): Account | undefined {
  if (email === undefined || password === undefined) {
    return undefined;
  }
  return { email, password, ...(totpSecret === undefined ? {} : { totpSecret }) };
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    process.stderr.write(`--${name} must be a non-negative integer\n`);
    process.exit(2);
  }
  return value;
}

if (values.help || values.target === undefined) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(values.help ? 0 : 2);
}

const user = account(
  values['user-email'],
  values['user-password'] ?? process.env.BULWARK_FUZZ_USER_PASSWORD,
);
const admin = account(
  values['admin-email'],
  values['admin-password'] ?? process.env.BULWARK_FUZZ_ADMIN_PASSWORD,
  values['admin-totp-secret'],
);
const seed = positive('seed', values.seed);
const report = await fuzz({
  target: new URL(values.target),
  document: JSON.parse(readFileSync(values.spec, 'utf8')) as unknown,
  seed,
  budget: positive('budget', values.budget),
  slowMs: positive('slow-ms', values['slow-ms']),
  bodyLimitBytes: positive('body-limit', values['body-limit']),
  ...(user === undefined ? {} : { user }),
  ...(admin === undefined ? {} : { admin }),
  onOperation: (operation, findings) => {
    process.stdout.write(`${findings.length === 0 ? 'ok  ' : 'FAIL'} ${operation.id}\n`);
  },
});
if (report.neverAdmitted.length > 0) {
  process.stdout.write(
    `\nNever past 401/403, so not fuzzed beyond authentication: ${report.neverAdmitted.join(', ')}\n`,
  );
}
for (const finding of report.findings) {
  process.stdout.write(`\n${describe(finding)}\n`);
}
process.stdout.write(
  `\n${report.findings.length} findings; ${report.requests} requests to ${report.operations} operations in ${report.durationMs} ms (seed ${seed})\n`,
);
process.exit(report.findings.length === 0 ? 0 : 1);
