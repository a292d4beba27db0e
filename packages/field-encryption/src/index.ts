export {
  BLIND_INDEX_BYTES,
  BLIND_INDEX_PREFIX,
  BlindIndex,
  normalizeEmail,
  type BlindIndexColumn,
  type Normalizer,
} from './blind-index.js';
export type { JsonValue } from './codecs.js';
export {
  ENCRYPTED_VALUE_PREFIX,
  isEncryptedValue,
  keyIdOf,
  type ValueType,
} from './encrypted-value.js';
export { EnvKeyProvider, parseKeyList, type EnvKeyProviderOptions } from './env-key-provider.js';
export { FieldCipher, type EncryptOptions, type FieldCipherOptions } from './field-cipher.js';
export type { ColumnContext, FieldContext } from './field-context.js';
export {
  AuthenticationFailedError,
  DecompressedTooLargeError,
  FieldEncryptionError,
  InvalidInputError,
  InvalidKeyMaterialError,
  MalformedValueError,
  UnknownKeyIdError,
  ValueTypeMismatchError,
  type FieldEncryptionErrorCode,
} from './field-encryption.errors.js';
export {
  KEY_LENGTH,
  KeyRing,
  generateKey,
  type KeyMaterial,
  type KeyProvider,
  type RootKey,
} from './key-ring.js';
export {
  DATA_KEY_LENGTH,
  FILE_CHUNK_LENGTH,
  createFileDecryptStream,
  createFileEncryptStream,
  encryptedFileLength,
  generateDataKey,
} from './file-stream-cipher.js';
