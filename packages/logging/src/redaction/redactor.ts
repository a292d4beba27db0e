import { setOwn } from '../set-own.js';
import { REDACTED, boundForRedaction, redactSecrets } from './secret-patterns.js';
import { createSensitiveKeyMatcher } from './sensitive-keys.js';

/** How values are redacted before any transport sees them. */
export interface RedactionOptions {
  /** More key names to redact, compared like the built-in ones (case, `-` and `_` ignored). */
  readonly extraKeys?: readonly string[];
  /** Objects nested deeper than this are replaced by `[Truncated]` (default 10). */
  readonly maxDepth?: number;
  /** Longer strings are cut after redaction (default 8192 UTF-16 code units). */
  readonly maxStringLength?: number;
}

/** Returns a redacted, JSON-safe copy of a value; the input is never modified. */
export type Redactor = (value: unknown) => unknown;

const DEFAULT_MAX_DEPTH = 10;
const DEFAULT_MAX_STRING_LENGTH = 8192;

/**
 * Builds a redactor: secrets removed by key and by pattern, cycles and depth bounded, errors reduced
 * to name, message and stack. `escape`, if given, is applied to every key and string of the copy
 * after redaction, in the same walk.
 */
export function createRedactor(
  options: RedactionOptions = {},
  escape: (text: string) => string = (text) => text,
): Redactor {
  const isSensitiveKey = createSensitiveKeyMatcher(options.extraKeys);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxStringLength = options.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH;
  const ancestors = new Set<object>();

  function redactString(text: string): string {
    // The patterns never see more than twice what is kept: the size of a client's input must not
    // decide what a log line costs.
    const scanned = boundForRedaction(text, 2 * maxStringLength);
    const redacted = redactSecrets(scanned);
    const cut = Math.max(0, redacted.length - maxStringLength) + (text.length - scanned.length);
    return cut === 0
      ? escape(redacted)
      : escape(`${redacted.slice(0, maxStringLength)}…[truncated ${cut} chars]`);
  }

  function walk(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        return redactString(value);
      case 'bigint':
        return value.toString();
      case 'function':
      case 'symbol':
        return undefined;
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'object':
        return value === null ? null : walkObject(value, depth);
    }
  }

  function walkObject(value: object, depth: number): unknown {
    if (ancestors.has(value)) {
      return '[Circular]';
    }
    if (depth >= maxDepth) {
      return '[Truncated]';
    }
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      // Raw bytes are often key material: log their size, never their content.
      return `[Binary ${value.byteLength} bytes]`;
    }
    ancestors.add(value);
    try {
      return walkContainer(value, depth + 1);
    } finally {
      ancestors.delete(value);
    }
  }

  function walkContainer(value: object, depth: number): unknown {
    if (Array.isArray(value)) {
      return value.map((item: unknown) => walk(item, depth) ?? null);
    }
    if (value instanceof Error) {
      return walkError(value, depth);
    }
    const toJSON = attempt(() => Reflect.get(value, 'toJSON'), '[Unreadable]');
    if (typeof toJSON === 'function') {
      return walk(
        attempt(() => Reflect.apply(toJSON, value, []), '[Unserializable]'),
        depth,
      );
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const redacted = isSensitiveKey(key)
        ? REDACTED
        : walk(
            attempt(() => Reflect.get(value, key), '[Unreadable]'),
            depth,
          );
      if (redacted !== undefined) {
        setOwn(copy, escape(key), redacted);
      }
    }
    return copy;
  }

  function walkError(error: Error, depth: number): Record<string, unknown> {
    const copy: Record<string, unknown> = {
      name: walk(error.name, depth),
      message: walk(error.message, depth),
      stack: walk(error.stack, depth),
    };
    if (error.cause !== undefined) {
      copy.cause = walk(error.cause, depth);
    }
    return copy;
  }

  return (value) => walk(value, 0);
}

// A throwing getter, proxy trap or toJSON must not take the log line down with it.
function attempt(read: () => unknown, fallback: string): unknown {
  try {
    return read();
  } catch {
    return fallback;
  }
}
