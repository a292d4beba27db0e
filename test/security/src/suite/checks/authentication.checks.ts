import { randomBytes, type JsonWebKey } from 'node:crypto';
import { call, jsonOf } from '../../http-client.js';
import type { HttpAnswer } from '../../raw-http.js';
import { accountsCheck, verdictOf, type Check, type TestAccounts, type Verdict } from '../check.js';
import { accessStatus, startSession } from '../sessions.js';
import type { SuiteContext } from '../suite-context.js';
import { median, signTestPValue } from '../statistics.js';
import { tokenForgeries } from './token-forgeries.js';

// A timing gap must be this unlikely under chance to count (two-sided sign test).
const SIGN_TEST_ALPHA = 0.01;
// Fields that differ on every answer by design.
const PER_REQUEST_FIELDS = new Set(['requestId', 'instance', 'traceId']);

async function forgedTokensRefused(
  context: SuiteContext,
  { owner }: TestAccounts,
): Promise<Verdict> {
  const session = await startSession(context.target, owner);
  const jwks = jsonOf<{ keys?: JsonWebKey[] }>(
    await call(context.target, 'GET', '/.well-known/jwks.json'),
  );
  const findings: string[] = [];
  const control = await accessStatus(context.target, session.accessToken);
  if (control !== 200) {
    findings.push(
      `the genuine token itself answered ${String(control)}: nothing below is meaningful`,
    );
  }
  for (const forgery of tokenForgeries(session.accessToken, jwks.keys ?? [])) {
    const status = await accessStatus(context.target, forgery.token);
    if (status !== 401) {
      findings.push(`${forgery.name}: GET /users/me answered ${String(status)}, not 401`);
    }
  }
  for (const name of ['access_token', 'token', 'jwt']) {
    const path = `/users/me?${name}=${encodeURIComponent(session.accessToken)}`;
    const status = (await call(context.target, 'GET', path)).status;
    if (status !== 401) {
      findings.push(`token in the query (${name}=): answered ${String(status)}, not 401`);
    }
  }
  await call(context.target, 'POST', '/auth/logout', { token: session.accessToken });
  return verdictOf(findings);
}

function refresh(context: SuiteContext, refreshToken: string): Promise<HttpAnswer> {
  return call(context.target, 'POST', '/auth/refresh', { body: { refreshToken } });
}

/** A problem's members that say what happened, without those unique to the request. */
function comparable(answer: HttpAnswer): string {
  const text = answer.body.toString('utf8');
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify(
      Object.fromEntries(Object.entries(body).filter(([name]) => !PER_REQUEST_FIELDS.has(name))),
    );
  } catch {
    return text;
  }
}

async function timedLogin(
  context: SuiteContext,
  email: string,
): Promise<{ answer: HttpAnswer; ms: number }> {
  const started = performance.now();
  const answer = await call(context.target, 'POST', '/auth/login', {
    body: { email, password: `wrong-${randomBytes(9).toString('base64url')}` },
  });
  return { answer, ms: performance.now() - started };
}

export const AUTHENTICATION_CHECKS: readonly Check[] = [
  accountsCheck(
    'Authentication',
    'authentication.forged-tokens',
    'Forged access tokens (alg none, HS256 with the public key, wrong key, expired, wrong iss/aud/typ, jku/jwk/x5u/kid tricks) and tokens in the query string are refused',
    [
      'ASVS 5.0 9.1.1',
      'ASVS 5.0 9.1.2',
      'ASVS 5.0 9.1.3',
      'ASVS 5.0 9.2.1',
      'ASVS 5.0 9.2.2',
      'ASVS 5.0 9.2.3',
      'ASVS 5.0 14.2.1',
      'API2:2023',
    ],
    forgedTokensRefused,
  ),
  accountsCheck(
    'Authentication',
    'authentication.refresh-reuse',
    'A refresh token used twice revokes its whole session',
    ['ASVS 5.0 10.4.5', 'ASVS 5.0 7.4.1', 'API2:2023'],
    async (context, { owner }) => {
      const first = await startSession(context.target, owner);
      const rotated = await refresh(context, first.refreshToken);
      if (rotated.status !== 200) {
        return verdictOf([`the first refresh answered ${String(rotated.status)}, not 200`]);
      }
      const second = jsonOf<{ accessToken: string; refreshToken: string }>(rotated);
      const replay = await refresh(context, first.refreshToken);
      const afterReplay = await refresh(context, second.refreshToken);
      const access = await accessStatus(context.target, second.accessToken);
      return verdictOf([
        ...(replay.status === 401
          ? []
          : [`the replayed refresh token answered ${String(replay.status)}`]),
        ...(afterReplay.status === 401
          ? []
          : [
              `the session's newest refresh token still works after the replay (${String(afterReplay.status)})`,
            ]),
        ...(access === 401
          ? []
          : [`the session's access token still works after the replay (${String(access)})`]),
      ]);
    },
  ),
  accountsCheck(
    'Authentication',
    'authentication.logout-revokes',
    'Logout revokes the access token at once',
    ['ASVS 5.0 7.4.1', 'API2:2023'],
    async (context, { owner }) => {
      const session = await startSession(context.target, owner);
      const before = await accessStatus(context.target, session.accessToken);
      const logout = await call(context.target, 'POST', '/auth/logout', {
        token: session.accessToken,
      });
      const after = await accessStatus(context.target, session.accessToken);
      const refreshed = await refresh(context, session.refreshToken);
      return verdictOf([
        ...(before === 200 ? [] : [`the token did not work before logout (${String(before)})`]),
        ...(logout.status === 204 ? [] : [`logout answered ${String(logout.status)}`]),
        ...(after === 401 ? [] : [`the access token still answers ${String(after)} after logout`]),
        ...(refreshed.status === 401
          ? []
          : [`the refresh token still answers ${String(refreshed.status)} after logout`]),
      ]);
    },
  ),
  accountsCheck(
    'Authentication',
    'authentication.no-enumeration',
    'Sign-in failures for a known and an unknown e-mail look the same: status, body and timing',
    ['ASVS 5.0 6.3.8', 'API2:2023'],
    async (context, { other }) => {
      const unknown = `nobody-${randomBytes(6).toString('hex')}@${other.email.split('@')[1] ?? 'example.com'}`;
      const known: number[] = [];
      const absent: number[] = [];
      const answers = new Set<string>();
      // Pairs sent back to back, the first of each pair alternating: a difference within a pair
      // shares the target's load of the moment, so drift cancels out and only the gap remains.
      const differences: number[] = [];
      for (let sample = 0; sample < context.timingSamples; sample += 1) {
        const pair = sample % 2 === 0 ? [other.email, unknown] : [unknown, other.email];
        const times = new Map<string, number>();
        for (const email of pair) {
          const { answer, ms } = await timedLogin(context, email);
          if (answer.status === 429 || answer.status === 403) {
            return verdictOf([
              `refused with ${String(answer.status)} after ${String(sample)} samples: the target's login limits are below --timing-samples (${String(context.timingSamples)}); see the README for a test deployment's settings`,
            ]);
          }
          times.set(email, ms);
          answers.add(`${String(answer.status)} ${comparable(answer)}`);
        }
        const knownMs = times.get(other.email) ?? Number.NaN;
        const absentMs = times.get(unknown) ?? Number.NaN;
        known.push(knownMs);
        absent.push(absentMs);
        differences.push(knownMs - absentMs);
      }
      const difference = median(differences);
      const pValue = signTestPValue(
        differences.filter((value) => value > 0).length,
        differences.length,
      );
      const summary = `median paired difference ${difference.toFixed(1)} ms (known ${median(known).toFixed(1)} ms, unknown ${median(absent).toFixed(1)} ms), sign test p = ${pValue.toPrecision(2)}, over ${String(context.timingSamples)} pairs`;
      // A gap is one both large and consistent: load alone makes differences large, not one-sided.
      const gap = Math.abs(difference) > context.timingBoundMs && pValue < SIGN_TEST_ALPHA;
      return verdictOf(
        [
          ...(answers.size === 1
            ? []
            : [`the answers differ: ${[...answers].join(' | ').slice(0, 400)}`]),
          ...(gap ? [`${summary}: more than ${String(context.timingBoundMs)} ms apart`] : []),
        ],
        summary,
      );
    },
  ),
];
