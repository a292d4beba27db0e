import { Session, type Account } from './accounts.js';
import { BODY_CASES } from './body-cases.js';
import { distinct, judge, type Finding } from './findings.js';
import type { FuzzCase } from './fuzz-case.js';
import { HEADER_CASES } from './header-cases.js';
import { operationsOf, type Operation } from './openapi.js';
import { Prng, seedFor } from './prng.js';
import { sendRaw } from './raw-http.js';
import { buildRequest, type CaseContext } from './request.js';
import { TARGET_CASES } from './target-cases.js';

export const FUZZ_CASES: readonly FuzzCase[] = [...BODY_CASES, ...TARGET_CASES, ...HEADER_CASES];

export interface FuzzOptions {
  readonly target: URL;
  /** Trust anchors (PEM) for an https target whose certificate a private CA issued. */
  readonly ca?: string;
  /** The OpenAPI document whose operations are fuzzed. */
  readonly document: unknown;
  readonly seed: number;
  /** Requests per operation. */
  readonly budget: number;
  /** Signs in for operations that need an access token; without it they are fuzzed anonymously. */
  readonly user?: Account;
  /** Signs in for operations gated by a permission (their 403 lists permission-denied). */
  readonly admin?: Account;
  /** An answer slower than this is a finding. */
  readonly slowMs: number;
  /** The server's BODY_LIMIT_BYTES: large bodies stay under it, one case goes just over. */
  readonly bodyLimitBytes: number;
  readonly onOperation?: (operation: Operation, findings: readonly Finding[]) => void;
}

export interface FuzzReport {
  /** Distinct findings: one per operation, case, kind and status. */
  readonly findings: readonly Finding[];
  readonly operations: number;
  readonly requests: number;
  /** Operations that refused every request with 401 or 403: their handlers were never reached. */
  readonly neverAdmitted: readonly string[];
  readonly durationMs: number;
}

/**
 * Sends `budget` requests to every documented operation, cycling through the fuzz cases that
 * apply to it; each operation draws from its own stream of the seed, so runs are reproducible.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const operations = operationsOf(options.document);
  const target = { url: options.target, ...(options.ca === undefined ? {} : { ca: options.ca }) };
  const user = options.user === undefined ? undefined : new Session(target, options.user);
  const admin = options.admin === undefined ? undefined : new Session(target, options.admin);
  const probe = operations.find(
    (operation) =>
      operation.method === 'GET' &&
      operation.authenticated &&
      !operation.needsPermission &&
      operation.parameters.every((parameter) => !parameter.required),
  );
  const findings: Finding[] = [];
  const neverAdmitted: string[] = [];
  let requests = 0;
  for (const operation of operations) {
    const session = !operation.authenticated ? undefined : operation.needsPermission ? admin : user;
    const prng = new Prng(seedFor(options.seed, operation.id));
    const found: Finding[] = [];
    let admitted = false;
    for (let index = 0; index < options.budget; index += 1) {
      const context: CaseContext = {
        operation,
        prng,
        token: await session?.accessToken(),
        bodyLimitBytes: options.bodyLimitBytes,
      };
      const cases = FUZZ_CASES.filter((fuzzCase) => fuzzCase.applies(context));
      const fuzzCase = cases[index % cases.length] ?? FUZZ_CASES[0];
      if (fuzzCase === undefined) {
        break;
      }
      const request = fuzzCase.build(context);
      const answer = await sendRaw(options.target, request, options.slowMs + 2_000, options.ca);
      requests += 1;
      admitted ||= answer.kind === 'answer' && answer.status !== 401 && answer.status !== 403;
      const verdict = judge(answer, options.slowMs);
      if (verdict !== undefined) {
        found.push({
          ...verdict,
          operation: operation.id,
          fuzzCase: fuzzCase.name,
          request,
          status: answer.kind === 'answer' ? answer.status : undefined,
          durationMs: answer.durationMs,
        });
      }
      const succeeded = answer.kind === 'answer' && answer.status < 300;
      if (session !== undefined && succeeded && operation.method !== 'GET') {
        await renewIfRevoked(options, session, probe);
      }
    }
    const distinctFound = distinct(found);
    options.onOperation?.(operation, distinctFound);
    findings.push(...distinctFound);
    if (!admitted) {
      neverAdmitted.push(operation.id);
    }
  }
  return {
    findings,
    operations: operations.length,
    requests,
    neverAdmitted,
    durationMs: Math.round(performance.now() - started),
  };
}

/** A write that succeeded may have ended the session (logout): sign in again if it did. */
async function renewIfRevoked(
  options: FuzzOptions,
  session: Session,
  probe: Operation | undefined,
): Promise<void> {
  if (probe === undefined) {
    return;
  }
  const context: CaseContext = {
    operation: probe,
    prng: new Prng(options.seed),
    token: await session.accessToken(),
    bodyLimitBytes: options.bodyLimitBytes,
  };
  const answer = await sendRaw(options.target, buildRequest(context), options.slowMs, options.ca);
  if (answer.kind === 'answer' && answer.status === 401) {
    await session.renew();
  }
}
