import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { isWellFormed } from './field-context.js';
import {
  DecompressedTooLargeError,
  InvalidInputError,
  MalformedValueError,
} from './field-encryption.errors.js';

/** A value that survives `JSON.stringify` and `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Fatal: authentic bytes that are not UTF-8 fail closed; ignoreBOM: a leading U+FEFF is data.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// Quality 5 keeps most of brotli's ratio on short text at a fraction of the default (11) cost.
const BROTLI_QUALITY = 5;

export function encodeString(value: string): Buffer {
  if (!isWellFormed(value)) {
    throw new InvalidInputError('string contains a lone surrogate and would not round-trip');
  }
  return Buffer.from(value, 'utf8');
}

export function decodeString(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new MalformedValueError('decrypted bytes are not UTF-8');
  }
}

export function encodeJson(value: JsonValue): Buffer {
  let text: string | undefined;
  try {
    // Undefined, not a string, for a function or symbol smuggled past the type.
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    throw new InvalidInputError('value is not JSON-serialisable');
  }
  return Buffer.from(text, 'utf8');
}

export function decodeJson(bytes: Uint8Array): JsonValue {
  const text = decodeString(bytes);
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new MalformedValueError('decrypted bytes are not JSON');
  }
}

export function compress(bytes: Uint8Array): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** @throws DecompressedTooLargeError as soon as the output would pass `maxOutputLength`. */
export function decompress(bytes: Uint8Array, maxOutputLength: number): Buffer {
  try {
    return brotliDecompressSync(bytes, { maxOutputLength });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new DecompressedTooLargeError(`value inflates beyond ${maxOutputLength} bytes`);
    }
    throw new MalformedValueError('compressed payload is corrupt');
  }
}
