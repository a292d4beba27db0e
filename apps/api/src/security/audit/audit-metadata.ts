import {
  boundForRedaction,
  createRedactor,
  escapeControlChars,
  redactSecrets,
} from '@bulwark/logging';
import type { JsonValue } from './audit-chain.js';

const MAX_TEXT_LENGTH = 512;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// The log stream's rules: secret keys and token patterns redacted, depth and size bounded.
const redact = createRedactor();

/**
 * What the audit table may hold of a caller's value: the log stream's redaction, then control
 * characters escaped and lone surrogates replaced (PostgreSQL refuses NUL and invalid Unicode,
 * which would let input make an audit write fail), non-finite numbers as null.
 */
export function auditMetadata(metadata: Readonly<Record<string, unknown>>): {
  [key: string]: JsonValue;
} {
  const cleaned = toJson(redact(metadata));
  return typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned) ? cleaned : {};
}

/** A free-text column (actor, target): redacted, escaped, bounded. */
export function auditText(value: string): string {
  return cleanString(redactSecrets(boundForRedaction(value, 2 * MAX_TEXT_LENGTH))).slice(
    0,
    MAX_TEXT_LENGTH,
  );
}

function cleanString(value: string): string {
  return escapeControlChars(value.replace(LONE_SURROGATE, '\uFFFD'));
}

function toJson(value: unknown): JsonValue {
  if (typeof value === 'string') {
    return cleanString(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  if (typeof value === 'boolean' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(toJson);
  }
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [cleanString(key), toJson(item)]),
    );
  }
  return null;
}
