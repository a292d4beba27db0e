import { appError } from '../../platform/errors/app-error.js';

/**
 * A stored value did not decrypt for its row: tampered, moved from another row, or an unknown
 * key. An integrity fault: logged in full, answered like any other server error.
 */
export class DecryptionFailedError extends appError({
  code: 'CRYPTO.DECRYPT_FAILED',
  status: 500,
}) {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly rowId: string,
    options?: ErrorOptions,
  ) {
    super(`${table}.${column} of row ${rowId} failed to decrypt`, options);
  }
}

/** Code used an encrypted column in a way that would store or compare plaintext: a programming fault. */
export class EncryptedColumnMisuseError extends appError({
  code: 'CRYPTO.ENCRYPTED_COLUMN_MISUSE',
  status: 500,
}) {}
