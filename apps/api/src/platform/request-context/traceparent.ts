/** Trace and parent span ids of a W3C `traceparent` header (Trace Context level 1). */
export interface TraceParent {
  readonly traceId: string;
  readonly spanId: string;
}

export const TRACEPARENT_HEADER = 'traceparent';

// version-traceid-parentid-flags, lower-case hex; version ff is invalid by the specification.
const TRACEPARENT = /^(?!ff)([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZEROS = /^0+$/;

/**
 * Parses an incoming `traceparent`; anything malformed is ignored rather than logged, since the
 * ids end up in every log line. Version 00 allows nothing after the flags; later versions may add
 * fields, which are ignored.
 */
export function parseTraceParent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string') {
    return undefined;
  }
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) {
    return undefined;
  }
  const [, version, traceId = '', spanId = '', , rest] = match;
  if (
    (version === '00' && rest !== undefined) ||
    ALL_ZEROS.test(traceId) ||
    ALL_ZEROS.test(spanId)
  ) {
    return undefined;
  }
  return { traceId, spanId };
}
