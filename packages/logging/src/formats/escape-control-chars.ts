// C0, DEL, C1 and the two JavaScript line terminators that JSON leaves raw.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// Non-global twin for the common case: a string without control characters is returned as is.
const HAS_CONTROL_CHARS = new RegExp(CONTROL_CHARS.source);

/** Escapes CR, LF and every other control character (`\n` → `\\n`, others `\\u00XX`) so text can never start a new record. */
export function escapeControlChars(text: string): string {
  if (!HAS_CONTROL_CHARS.test(text)) {
    return text;
  }
  return text.replace(
    CONTROL_CHARS,
    (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
