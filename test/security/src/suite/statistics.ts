/** The median: a few slow outliers (a GC pause, a retransmission) do not move it. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/**
 * The two-sided sign test: how likely at least this lopsided a split of `positive` among `pairs`
 * is if each difference is as likely positive as negative. Load noise makes differences large but
 * not one-sided; a real gap makes them one-sided.
 */
export function signTestPValue(positive: number, pairs: number): number {
  const extreme = Math.max(positive, pairs - positive);
  let tail = 0;
  let combinations = 1;
  for (let count = 0; count <= pairs; count += 1) {
    if (count >= extreme) {
      tail += combinations;
    }
    combinations = (combinations * (pairs - count)) / (count + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** pairs);
}
