import { AppError } from '../http/app-error.js';

/** A stored value did not decrypt for its row: tampered, moved from another row, or an unknown key. */
export class DecryptionFailedError extends AppError {
  readonly code = 'CRYPTO.DECRYPT_FAILED';

  constructor(
    readonly table: string,
    readonly column: string,
    readonly rowId: string,
    options?: ErrorOptions,
  ) {
    super(`${table}.${column} of row ${rowId} failed to decrypt`, options);
  }
}

/** Code used an encrypted column in a way that would store or compare plaintext. */
export class EncryptedColumnMisuseError extends AppError {
  readonly code = 'CRYPTO.ENCRYPTED_COLUMN_MISUSE';
}
