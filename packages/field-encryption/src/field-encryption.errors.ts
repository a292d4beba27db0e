/** Stable codes for every failure this package reports; safe to log and to switch on. */
export type FieldEncryptionErrorCode =
  | 'FIELD_ENCRYPTION.MALFORMED_VALUE'
  | 'FIELD_ENCRYPTION.UNKNOWN_KEY_ID'
  | 'FIELD_ENCRYPTION.AUTHENTICATION_FAILED'
  | 'FIELD_ENCRYPTION.DECOMPRESSED_TOO_LARGE'
  | 'FIELD_ENCRYPTION.INVALID_KEY_MATERIAL'
  | 'FIELD_ENCRYPTION.INVALID_INPUT'
  | 'FIELD_ENCRYPTION.VALUE_TYPE_MISMATCH';

/**
 * Base class of every error thrown by this package. Messages never contain plaintext,
 * key material or a full encrypted value.
 */
export abstract class FieldEncryptionError extends Error {
  abstract readonly code: FieldEncryptionErrorCode;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The text is not a well-formed `ef1:` value (bad prefix, key id, flags, base64url or length). */
export class MalformedValueError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.MALFORMED_VALUE';
}

/** The value names a key id that is not in the key ring. */
export class UnknownKeyIdError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.UNKNOWN_KEY_ID';
}

/** AES-GCM rejected the value: wrong key, tampered bytes, or a value moved to another row, column or header. */
export class AuthenticationFailedError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.AUTHENTICATION_FAILED';
}

/** A compressed value would inflate beyond the configured cap. */
export class DecompressedTooLargeError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.DECOMPRESSED_TOO_LARGE';
}

/** Key configuration is unusable: bad base64, wrong length, bad or duplicate id, missing active key, failed self-test. */
export class InvalidKeyMaterialError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.INVALID_KEY_MATERIAL';
}

/** The caller passed something that cannot be encrypted faithfully (empty context, lone surrogate, non-JSON value). */
export class InvalidInputError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.INVALID_INPUT';
}

/** An authentic value was read with the wrong codec (for example `decryptString` on a binary value). */
export class ValueTypeMismatchError extends FieldEncryptionError {
  readonly code = 'FIELD_ENCRYPTION.VALUE_TYPE_MISMATCH';
}
