// Shared by the benches that probe at a fixed rate, so that their percentiles mean the same thing.

/** Nearest-rank percentile of `p` in [0, 1] over ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * A fixed-rate probe that waits on a slow answer does not send the requests it should have sent
 * meanwhile (coordinated omission); like HdrHistogram's recordValueWithExpectedInterval, this
 * adds the latencies those requests would have seen. Ascending; `intervalMs` 0 only sorts.
 */
export function withOmitted(latenciesMs: readonly number[], intervalMs: number): number[] {
  const all = [...latenciesMs];
  if (intervalMs > 0) {
    for (const latency of latenciesMs) {
      for (let missed = latency - intervalMs; missed >= intervalMs; missed -= intervalMs) {
        all.push(missed);
      }
    }
  }
  return all.sort((x, y) => x - y);
}
