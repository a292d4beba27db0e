import { describe, expect, it } from 'vitest';
import { parseTraceParent } from './traceparent.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

describe(parseTraceParent.name, () => {
  it('reads the trace and parent span ids of a valid header', () => {
    expect(parseTraceParent(`00-${TRACE_ID}-${SPAN_ID}-01`)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
    });
  });

  it('accepts fields a later version appends', () => {
    expect(parseTraceParent(`01-${TRACE_ID}-${SPAN_ID}-01-extra`)?.traceId).toBe(TRACE_ID);
  });

  it.each([
    ['a missing header', undefined],
    ['repeated headers', [`00-${TRACE_ID}-${SPAN_ID}-01`, `00-${TRACE_ID}-${SPAN_ID}-01`]],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['an all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['trailing data on version 00', `00-${TRACE_ID}-${SPAN_ID}-01-extra`],
    ['a forged log field', `00-${TRACE_ID}-${SPAN_ID}-01\r\n{"level":"error"}`],
  ])('ignores %s', (_label, header) => {
    expect(parseTraceParent(header)).toBeUndefined();
  });
});
