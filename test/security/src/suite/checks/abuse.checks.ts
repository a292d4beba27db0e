import { randomBytes } from 'node:crypto';
import { call } from '../../http-client.js';
import type { HttpAnswer } from '../../raw-http.js';
import { verdictOf, type Check } from '../check.js';
import type { SuiteContext } from '../suite-context.js';

/** A refusal that says when to come back: the rate limit (429) or the documented IP ban (403). */
function isRefusal(answer: HttpAnswer): boolean {
  return (
    (answer.status === 429 || answer.status === 403) &&
    Number(answer.headers.get('retry-after')) > 0
  );
}

function failedLogin(
  context: SuiteContext,
  email: string,
  headers: readonly (readonly [string, string])[] = [],
): Promise<HttpAnswer> {
  return call(context.target, 'POST', '/auth/login', {
    body: { email, password: `flood-${randomBytes(9).toString('base64url')}` },
    headers,
  });
}

/** Fails sign-ins for a fresh address until refused; the number of attempts, or undefined. */
async function flood(context: SuiteContext, email: string): Promise<number | undefined> {
  for (let attempt = 1; attempt <= context.floodMax; attempt += 1) {
    if (isRefusal(await failedLogin(context, email))) {
      return attempt;
    }
  }
  return undefined;
}

function floodAddress(): string {
  return `flood-${randomBytes(6).toString('hex')}@example.com`;
}

function randomIp(): string {
  return `203.0.113.${String(1 + (randomBytes(1)[0]! % 254))}`;
}

export const ABUSE_CHECKS: readonly Check[] = [
  {
    id: 'abuse.login-flood',
    group: 'Abuse',
    title:
      'A flood of failed sign-ins is refused with 429 (or the documented IP ban) and Retry-After',
    references: ['ASVS 5.0 6.3.1', 'ASVS 5.0 2.4.1', 'API4:2023'],
    run: async (context) => {
      const attempts = await flood(context, floodAddress());
      return verdictOf(
        attempts === undefined
          ? [`${String(context.floodMax)} failed sign-ins in a row, none refused with Retry-After`]
          : [],
        `refused after ${String(attempts)} attempts`,
      );
    },
  },
  {
    id: 'abuse.forwarded-for',
    group: 'Abuse',
    title: 'A spoofed X-Forwarded-For, X-Real-IP or Forwarded does not lift the refusal',
    references: ['ASVS 5.0 4.1.3', 'ASVS 5.0 15.3.4', 'API4:2023'],
    run: async (context) => {
      const email = floodAddress();
      if ((await flood(context, email)) === undefined) {
        return verdictOf([`no refusal within ${String(context.floodMax)} attempts to spoof past`]);
      }
      const findings: string[] = [];
      for (const header of ['X-Forwarded-For', 'X-Real-IP', 'Forwarded'] as const) {
        const ip = randomIp();
        const value = header === 'Forwarded' ? `for=${ip}` : ip;
        const answer = await failedLogin(context, email, [[header, value]]);
        if (!isRefusal(answer)) {
          findings.push(`${header}: ${value} lifted the refusal (${String(answer.status)})`);
        }
      }
      return verdictOf(findings);
    },
  },
];
