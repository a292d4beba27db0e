export const REDACTED = '[REDACTED]';

/**
 * Matches a Bulwark opaque token inside a string: refresh (`brt_`), e-mail verification (`bev_`),
 * password reset (`bpr_`) or MFA login challenge (`bmt_`), then at least 43 base64url characters
 * (≥ 256 bits). Not global: copy it with the `g` flag to scan.
 */
export const OPAQUE_TOKEN_PATTERN = /(?<![A-Za-z0-9_-])b(?:rt|ev|pr|mt)_[A-Za-z0-9_-]{43,}/;

interface SecretPattern {
  readonly pattern: RegExp;
  readonly replacement: string;
}

// Global patterns are only ever used with String#replace, which resets lastIndex. Each runs in
// linear time (test/regular-expressions.spec.ts checks every pattern of the code with recheck):
// a match may start only where a run of its characters starts, never inside one, so a long run
// (`eyJeyJeyJ…`) is scanned once rather than once per position.
const SECRET_PATTERNS: readonly SecretPattern[] = [
  // JWS (3 parts, signature may be empty for alg "none") and JWE (5 parts).
  {
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}/g,
    replacement: REDACTED,
  },
  // RFC 6750 b64token; the scheme is kept so the line still says what was sent.
  { pattern: /\b(Bearer)\s+[A-Za-z0-9._~+/-]+=*/gi, replacement: `$1 ${REDACTED}` },
  { pattern: new RegExp(OPAQUE_TOKEN_PATTERN.source, 'g'), replacement: REDACTED },
  // Field-encryption value: ef1:<kid>:<flags>:<base64url(nonce ‖ ciphertext ‖ tag)>.
  { pattern: /ef1:[^\s:]+:[^\s:]*:[A-Za-z0-9_-]+/g, replacement: REDACTED },
  // Blind index: bi1:<kid>:<base64url(hmac)>.
  { pattern: /bi1:[^\s:]+:[A-Za-z0-9_-]+/g, replacement: REDACTED },
  // Password in a URL's userinfo, e.g. postgres://app:secret@db. Anchored on `://`, whatever the
  // scheme: neither class crosses a `/`, so scans from two starts never overlap.
  { pattern: /(:\/\/[^\s:@/]*):[^\s@/]+@/g, replacement: `$1:${REDACTED}@` },
];

// Every pattern above contains one of these; most strings contain none, and skip the scans.
const SECRET_MARKERS = /eyJ|bearer|brt_|bev_|bpr_|bmt_|ef1:|bi1:|:\/\//i;

// Characters a token, key or URL may contain: a cut inside a run of them may split a secret.
const TOKEN_CHARACTER = /[A-Za-z0-9._~+/=:@%-]/;

/**
 * `text` cut to at most `maxLength` characters before any pattern scans it. A run of token
 * characters at the cut is dropped whole: the head of a secret cut in half would match no pattern.
 */
export function boundForRedaction(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }
  let end = maxLength;
  while (end > 0 && TOKEN_CHARACTER.test(text.charAt(end - 1))) {
    end -= 1;
  }
  return text.slice(0, end);
}

/** Replaces JWTs, bearer tokens, opaque tokens, encrypted values, blind indexes and URL passwords in a string. */
export function redactSecrets(text: string): string {
  if (!SECRET_MARKERS.test(text)) {
    return text;
  }
  let result = text;
  for (const { pattern, replacement } of SECRET_PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
