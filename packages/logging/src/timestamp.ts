let cachedMs = Number.NaN;
let cachedIso = '';

/** The current time as an ISO 8601 string; formatted once per millisecond, as lines come in bursts. */
export function isoTimestamp(): string {
  const now = Date.now();
  if (now !== cachedMs) {
    cachedMs = now;
    cachedIso = new Date(now).toISOString();
  }
  return cachedIso;
}
