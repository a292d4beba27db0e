import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redaction/redactor.js';
import { escapeControlChars } from './escape-control-chars.js';

describe(escapeControlChars.name, () => {
  it('escapes CR, LF and tab by name and every other control character as \\u00XX', () => {
    expect(escapeControlChars('a\r\nb\tc\u0000d\u001be\u007ff\u0085g\u009fh\u2028i\u2029j')).toBe(
      'a\\r\\nb\\tc\\u0000d\\u001be\\u007ff\\u0085g\\u009fh\\u2028i\\u2029j',
    );
  });

  it('leaves printable text, including non-ASCII, untouched', () => {
    expect(escapeControlChars('café ☕ "quoted" \\ back')).toBe('café ☕ "quoted" \\ back');
  });
});

describe('createRedactor with escapeControlChars', () => {
  const escapeControlCharsDeep = createRedactor({}, escapeControlChars);

  it('escapes keys and strings at every depth into a new tree', () => {
    const input = { 'x\ny': ['a\rb', { c: 'd\u2028' }], n: 1, none: null };
    expect(escapeControlCharsDeep(input)).toEqual({
      'x\\ny': ['a\\rb', { c: 'd\\u2028' }],
      n: 1,
      none: null,
    });
    expect(input['x\ny'][0]).toBe('a\rb');
  });
});
