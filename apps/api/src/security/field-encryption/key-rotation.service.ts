import type { KeyRingsConfig } from '../../platform/config/key-rings.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { allEncryptedColumns, type EncryptedColumnInfo } from './encrypted-columns.js';
import {
  EncryptedValuesRepository,
  type ActiveKeyIds,
  type Replacement,
  type StoredValue,
} from './encrypted-values.repository.js';
import { DecryptionFailedError } from './field-encryption.errors.js';
import { FieldEncryptionService } from './field-encryption.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly keyRings: KeyRingsConfig };

export interface ColumnKeyCounts {
  /** `table.column` */
  readonly column: string;
  readonly ring: 'field-encryption' | 'blind-index';
  readonly counts: ReadonlyMap<string, number>;
}

export interface RotationProgress {
  readonly column: string;
  readonly done: number;
  readonly total: number;
}

export interface RotationReport {
  readonly rotated: number;
  /** Values that did not decrypt (logged as crypt_decrypt_fail); left as they are. */
  readonly failed: number;
}

export interface VerificationReport {
  readonly checked: number;
  readonly failed: number;
  /** Values, or their blind indexes, still under a key that is not active. */
  readonly stale: number;
}

export interface RetirementCheck {
  readonly keyId: string;
  readonly active: boolean;
  /** `table.column` → values (or blind indexes) still under the key, in any table of the schema. */
  readonly valuesUsingKey: ReadonlyMap<string, number>;
}

/**
 * Moves every encrypted value and blind index to the active keys, in batches of compare-and-swap
 * updates: safe while the API serves traffic, and resumable after a crash (it only ever selects
 * what is still stale).
 */
@Injectable()
export class KeyRotationService {
  private readonly active: ActiveKeyIds;

  constructor(
    private readonly dataSource: DataSource,
    private readonly values: EncryptedValuesRepository,
    private readonly encryption: FieldEncryptionService,
    @Inject(APP_CONFIG) config: SectionsRead,
  ) {
    this.active = {
      keyId: config.keyRings.fieldEncryption.activeKeyId,
      blindIndexKeyId: config.keyRings.blindIndex.activeKeyId,
    };
  }

  activeKeyIds(): ActiveKeyIds {
    return this.active;
  }

  async status(): Promise<ColumnKeyCounts[]> {
    const result: ColumnKeyCounts[] = [];
    for (const info of this.columns()) {
      result.push({
        column: `${info.table}.${info.column}`,
        ring: 'field-encryption',
        counts: await this.values.countByKeyId(info, info.column),
      });
      if (info.blindIndex !== undefined) {
        result.push({
          column: `${info.table}.${info.blindIndex.column}`,
          ring: 'blind-index',
          counts: await this.values.countByKeyId(info, info.blindIndex.column),
        });
      }
    }
    return result;
  }

  async rotate(
    batchSize: number,
    onProgress: (progress: RotationProgress) => void,
  ): Promise<RotationReport> {
    let rotated = 0;
    let failed = 0;
    for (const info of this.columns()) {
      const column = `${info.table}.${info.column}`;
      const total = await this.values.countStale(info, this.active);
      let done = 0;
      onProgress({ column, done, total });
      for (let after: string | undefined; ;) {
        const batch = await this.values.nextStale(info, this.active, after, batchSize);
        if (batch.length === 0) {
          break;
        }
        after = batch.at(-1)?.id;
        const replacements = this.replacementsFor(info, batch);
        failed += batch.length - replacements.length;
        // A row changed since it was read is skipped: its writer already used the active keys.
        rotated += await this.values.replace(info, replacements);
        done += batch.length;
        onProgress({ column, done, total });
      }
    }
    return { rotated, failed };
  }

  /** Decrypts every stored value and counts those not under the active keys. */
  async verify(batchSize: number): Promise<VerificationReport> {
    let checked = 0;
    let failed = 0;
    let stale = 0;
    for (const info of this.columns()) {
      for (let after: string | undefined; ;) {
        const batch = await this.values.all(info, after, batchSize);
        if (batch.length === 0) {
          break;
        }
        after = batch.at(-1)?.id;
        checked += batch.length;
        failed += batch.filter((row) => this.plaintextOf(info, row) === undefined).length;
      }
      stale += await this.values.countStale(info, this.active);
    }
    return { checked, failed, stale };
  }

  /** Whether `keyId` can be removed from its ring: not active, and no stored value uses it. */
  async checkRetirement(keyId: string): Promise<RetirementCheck> {
    const active = keyId === this.active.keyId || keyId === this.active.blindIndexKeyId;
    return { keyId, active, valuesUsingKey: await this.values.countUnderKeyEverywhere(keyId) };
  }

  private replacementsFor(info: EncryptedColumnInfo, batch: readonly StoredValue[]): Replacement[] {
    return batch.flatMap((row) => {
      const plaintext = this.plaintextOf(info, row);
      if (plaintext === undefined) {
        return [];
      }
      const blindIndex = info.blindIndex && this.encryption.blindIndex(info, plaintext.value);
      const value = this.encryption.seal(info, row.id, plaintext.value);
      return [{ id: row.id, expected: row.value, value, blindIndex }];
    });
  }

  /** The decrypted value, or undefined when it fails (already logged as crypt_decrypt_fail). */
  private plaintextOf(info: EncryptedColumnInfo, row: StoredValue): { value: unknown } | undefined {
    try {
      return { value: this.encryption.open(info, row.id, row.value) };
    } catch (error) {
      if (error instanceof DecryptionFailedError) {
        return undefined;
      }
      throw error;
    }
  }

  private columns(): EncryptedColumnInfo[] {
    return allEncryptedColumns(this.dataSource);
  }
}
