import type { HttpAnswer, RawRequest, TransportFailure } from './raw-http.js';

export type FindingKind = 'server-error' | 'not-problem-json' | 'transport-error' | 'slow-answer';

/** One request whose answer broke the contract, with what is needed to send it again. */
export interface Finding {
  readonly kind: FindingKind;
  readonly operation: string;
  readonly fuzzCase: string;
  readonly request: RawRequest;
  readonly status: number | undefined;
  readonly detail: string;
  readonly durationMs: number;
}

const PROBLEM_FIELDS = { type: 'string', title: 'string', status: 'number', requestId: 'string' };

/**
 * What is wrong with an answer, if anything: a 5xx other than load shedding (503 with
 * Retry-After), an error that is not problem+json with its fields, no answer, or a slow one.
 */
export function judge(
  answer: HttpAnswer | TransportFailure,
  slowMs: number,
): { kind: FindingKind; detail: string } | undefined {
  if (answer.kind !== 'answer') {
    return {
      kind: answer.kind === 'timeout' ? 'slow-answer' : 'transport-error',
      detail: answer.error,
    };
  }
  if (answer.durationMs > slowMs) {
    return { kind: 'slow-answer', detail: `answered in ${answer.durationMs} ms` };
  }
  const excerpt = answer.body.toString('utf8').slice(0, 300);
  const loadShedding = answer.status === 503 && answer.headers.has('retry-after');
  if (answer.status >= 500 && !loadShedding) {
    return { kind: 'server-error', detail: excerpt };
  }
  if (answer.status < 400) {
    return undefined;
  }
  const problem = problemError(answer);
  return problem === undefined
    ? undefined
    : { kind: 'not-problem-json', detail: `${problem}: ${excerpt}` };
}

/** What keeps an error answer from being problem+json with its fields, if anything. */
export function problemError(answer: HttpAnswer): string | undefined {
  const contentType = answer.headers.get('content-type') ?? '(none)';
  if (!contentType.startsWith('application/problem+json')) {
    return `Content-Type ${contentType}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return 'body is not JSON';
  }
  if (typeof body !== 'object' || body === null) {
    return 'body is not an object';
  }
  const fields = body as Record<string, unknown>;
  for (const [name, type] of Object.entries(PROBLEM_FIELDS)) {
    if (typeof fields[name] !== type) {
      return `no ${type} ${name}`;
    }
  }
  return fields.status === answer.status
    ? undefined
    : `status ${String(fields.status)} in the body`;
}

/** Findings of one class once: the same operation, case, kind and status say the same thing. */
export function distinct(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.operation}|${finding.fuzzCase}|${finding.kind}|${String(finding.status)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** A finding as a few lines a person can act on, the request included. */
export function describe(finding: Finding): string {
  const body = finding.request.body;
  const payload =
    body === undefined
      ? ''
      : `\n    body (${body.length} bytes): ${JSON.stringify(body.subarray(0, 160).toString('latin1'))}`;
  const headers = finding.request.headers
    .filter(([name]) => name.toLowerCase() !== 'authorization')
    .map(([name, value]) => `${name}: ${value.slice(0, 80)}`)
    .join('; ');
  return [
    `[${finding.kind}] ${finding.operation} — ${finding.fuzzCase}`,
    `    ${finding.request.method} ${finding.request.target.slice(0, 200)}${headers === '' ? '' : `\n    headers: ${headers}`}${payload}`,
    `    → ${finding.status === undefined ? 'no status' : String(finding.status)} in ${finding.durationMs} ms: ${finding.detail.slice(0, 300)}`,
  ].join('\n');
}
