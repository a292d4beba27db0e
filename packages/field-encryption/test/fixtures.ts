import type { FieldContext } from '../src/field-context.js';
import { KeyRing } from '../src/key-ring.js';

/** 00 01 02 … 1f: fixed so that known-answer outputs can be pinned. */
export const KEY_1 = Buffer.from(Array.from({ length: 32 }, (_, index) => index));
export const KEY_2 = Buffer.alloc(32, 0x22);

export const CONTEXT: FieldContext = {
  table: 'users',
  column: 'email',
  rowId: '0190a0e4-7c2b-7def-8000-000000000001',
};

/** Keys `k1` and `k2`, `k1` active unless stated. */
export function testKeyRing(activeKeyId = 'k1'): KeyRing {
  return new KeyRing({
    activeKeyId,
    keys: [
      { id: 'k1', key: KEY_1 },
      { id: 'k2', key: KEY_2 },
    ],
  });
}

/** Decodes the payload of an `ef1` value, applies `edit` and re-encodes it. */
export function editPayload(value: string, edit: (payload: Buffer) => void): string {
  const separator = value.lastIndexOf(':');
  const payload = Buffer.from(value.slice(separator + 1), 'base64url');
  edit(payload);
  return `${value.slice(0, separator + 1)}${payload.toString('base64url')}`;
}

/** The README's length-prefixed encoding, written out independently of the package's helper. */
export function lp(...parts: string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return [length, bytes];
    }),
  );
}
