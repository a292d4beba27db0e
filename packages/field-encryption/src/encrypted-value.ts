import { decodeCanonical } from './canonical-base64.js';
import { MalformedValueError } from './field-encryption.errors.js';
import { isValidKeyId } from './key-ring.js';

/** Suite tag: AES-256-GCM, HKDF-SHA256 derivation and the AAD layout, fixed forever. */
export const FORMAT = 'ef1';

/** Every encrypted value starts with this, for a SQL `CHECK (col LIKE 'ef1:%')` backstop. */
export const ENCRYPTED_VALUE_PREFIX = `${FORMAT}:`;

export const SALT_LENGTH = 24;
export const TAG_LENGTH = 16;

/** What the plaintext bytes hold; stored in the flags so that only the matching codec reads them. */
export type ValueType = 'string' | 'json' | 'binary';

export interface ValueFlags {
  readonly type: ValueType;
  readonly compressed: boolean;
}

/** A parsed value; `payload` is salt ‖ ciphertext ‖ tag. */
export interface EncryptedValue {
  readonly keyId: string;
  readonly flags: ValueFlags;
  readonly payload: Buffer;
}

const TYPE_LETTERS: Record<ValueType, string> = { string: 's', json: 'j', binary: 'b' };
const TYPES_BY_LETTER = new Map<string, ValueType>([
  ['s', 'string'],
  ['j', 'json'],
  ['b', 'binary'],
]);
const COMPRESSED_LETTER = 'z';

export function encodeFlags({ type, compressed }: ValueFlags): string {
  return TYPE_LETTERS[type] + (compressed ? COMPRESSED_LETTER : '');
}

function decodeFlags(text: string): ValueFlags | undefined {
  const type = TYPES_BY_LETTER.get(text.slice(0, 1));
  const rest = text.slice(1);
  if (type === undefined || (rest !== '' && rest !== COMPRESSED_LETTER)) {
    return undefined;
  }
  return { type, compressed: rest === COMPRESSED_LETTER };
}

/**
 * Parses `ef1:<kid>:<flags>:<base64url payload>` strictly: one canonical spelling per value.
 * @throws MalformedValueError naming the faulty part, never echoing it.
 */
export function parseEncryptedValue(text: string): EncryptedValue {
  const parts = text.split(':');
  const [format, keyId, flagText, payloadText] = parts;
  if (parts.length !== 4 || format !== FORMAT) {
    throw new MalformedValueError(`not an ${FORMAT} value`);
  }
  if (keyId === undefined || !isValidKeyId(keyId)) {
    throw new MalformedValueError('invalid key id');
  }
  const flags = decodeFlags(flagText ?? '');
  if (flags === undefined) {
    throw new MalformedValueError('invalid flags');
  }
  const payload = decodeCanonical(payloadText ?? '', 'base64url');
  if (payload === undefined) {
    throw new MalformedValueError('payload is not canonical base64url');
  }
  if (payload.length < SALT_LENGTH + TAG_LENGTH) {
    throw new MalformedValueError('payload is too short');
  }
  return { keyId, flags, payload };
}

export function formatEncryptedValue({ keyId, flags, payload }: EncryptedValue): string {
  return `${FORMAT}:${keyId}:${encodeFlags(flags)}:${payload.toString('base64url')}`;
}

/** Whether `text` is a well-formed encrypted value (syntax only; nothing is decrypted). */
export function isEncryptedValue(text: unknown): boolean {
  if (typeof text !== 'string') {
    return false;
  }
  try {
    parseEncryptedValue(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key id an encrypted value was written under, for rotation progress and counting.
 * @throws MalformedValueError when `value` is not a well-formed encrypted value.
 */
export function keyIdOf(value: string): string {
  return parseEncryptedValue(value).keyId;
}
