import {
  BlindIndex,
  FieldCipher,
  FieldEncryptionError,
  type JsonValue,
} from '@bulwark/field-encryption';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { EncryptedColumnInfo } from './encrypted-columns.js';
import { DecryptionFailedError, EncryptedColumnMisuseError } from './field-encryption.errors.js';

/** Encrypts, decrypts and indexes the values of encrypted columns, bound to their row. */
@Injectable()
export class FieldEncryptionService {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndexes: BlindIndex,
    private readonly audit: AuditService,
  ) {}

  seal(info: EncryptedColumnInfo, rowId: string, plaintext: unknown): string {
    const context = { table: info.table, column: info.column, rowId };
    switch (info.type) {
      case 'string':
        return this.cipher.encryptString(this.asString(info, plaintext), context);
      case 'json':
        return this.cipher.encryptJson(plaintext as JsonValue, context);
      case 'binary':
        if (!(plaintext instanceof Uint8Array)) {
          throw new EncryptedColumnMisuseError(`${info.table}.${info.column} holds binary values`);
        }
        return this.cipher.encryptBinary(plaintext, context);
    }
  }

  /** @throws DecryptionFailedError, and records `crypt_decrypt_fail` (never the value). */
  open(info: EncryptedColumnInfo, rowId: string, value: string): unknown {
    const context = { table: info.table, column: info.column, rowId };
    try {
      switch (info.type) {
        case 'string':
          return this.cipher.decryptString(value, context);
        case 'json':
          return this.cipher.decryptJson(value, context);
        case 'binary':
          return this.cipher.decryptBinary(value, context);
      }
    } catch (error) {
      if (!(error instanceof FieldEncryptionError)) {
        throw error;
      }
      // Not awaited: loading is synchronous; a failed audit write is logged by the service itself.
      void this.audit
        .record({
          event: 'crypt_decrypt_fail',
          outcome: 'failure',
          target: `${info.table}.${info.column}:${rowId}`,
          metadata: { reason: error.code },
        })
        .catch(() => undefined);
      throw new DecryptionFailedError(info.table, info.column, rowId, { cause: error });
    }
  }

  /** The blind index to store with `plaintext`, under the active blind-index key. */
  blindIndex(info: EncryptedColumnInfo, plaintext: unknown): string {
    return this.blindIndexes.compute(this.asString(info, plaintext), this.indexedColumn(info));
  }

  /** Indexes under every key, for `IN (…)` lookups that keep working during a rotation. */
  blindIndexCandidates(info: EncryptedColumnInfo, plaintext: string): string[] {
    return this.blindIndexes.computeAll(plaintext, this.indexedColumn(info));
  }

  private indexedColumn(info: EncryptedColumnInfo) {
    if (info.blindIndex === undefined) {
      throw new EncryptedColumnMisuseError(`${info.table}.${info.column} has no blind index`);
    }
    return {
      table: info.table,
      column: info.blindIndex.column,
      normalize: info.blindIndex.normalize,
    };
  }

  private asString(info: EncryptedColumnInfo, plaintext: unknown): string {
    if (typeof plaintext !== 'string') {
      throw new EncryptedColumnMisuseError(`${info.table}.${info.column} holds strings`);
    }
    return plaintext;
  }
}
