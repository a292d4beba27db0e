import { BLIND_INDEX_PREFIX, ENCRYPTED_VALUE_PREFIX } from '@bulwark/field-encryption';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EncryptedColumnInfo } from './encrypted-columns.js';

export interface StoredValue {
  readonly id: string;
  readonly value: string;
}

export interface ActiveKeyIds {
  readonly keyId: string;
  readonly blindIndexKeyId: string;
}

export interface Replacement {
  readonly id: string;
  readonly expected: string;
  readonly value: string;
  readonly blindIndex: string | undefined;
}

/**
 * Raw access to encrypted columns across tables, for rotation and verification. Identifiers come
 * from entity metadata (never from input) and are quoted; every value is a bound parameter.
 */
@Injectable()
export class EncryptedValuesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Rows per key id in `column` (the key id is the second `:`-separated field of ef1 and bi1). */
  async countByKeyId(info: EncryptedColumnInfo, column: string): Promise<Map<string, number>> {
    const rows: { key_id: string; count: number }[] = await this.dataSource.query(
      `SELECT split_part(${this.id(column)}, ':', 2) AS key_id, count(*)::int AS count
       FROM ${this.id(info.table)} WHERE ${this.id(column)} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    return new Map(rows.map((row) => [row.key_id, row.count]));
  }

  /**
   * Values and blind indexes under `keyId` in every text column of the schema, counted in the
   * database rather than from entity metadata: a table no entity maps still holds back a retirement.
   */
  async countUnderKeyEverywhere(keyId: string): Promise<Map<string, number>> {
    const columns: { table_name: string; column_name: string }[] = await this.dataSource.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
         AND c.data_type IN ('text', 'character varying')
       ORDER BY 1, 2`,
    );
    const counts = new Map<string, number>();
    for (const { table_name: table, column_name: column } of columns) {
      const [row]: { count: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS count FROM ${this.id(table)}
         WHERE starts_with(${this.id(column)}, $1) OR starts_with(${this.id(column)}, $2)`,
        [`${ENCRYPTED_VALUE_PREFIX}${keyId}:`, `${BLIND_INDEX_PREFIX}${keyId}:`],
      );
      if (row !== undefined && row.count > 0) {
        counts.set(`${table}.${column}`, row.count);
      }
    }
    return counts;
  }

  /** The next rows after `afterId` whose value or blind index is not under the active keys. */
  nextStale(
    info: EncryptedColumnInfo,
    active: ActiveKeyIds,
    afterId: string | undefined,
    limit: number,
  ): Promise<StoredValue[]> {
    const [condition, parameters] = this.staleCondition(info, active);
    return this.page(info, condition, parameters, afterId, limit);
  }

  async countStale(info: EncryptedColumnInfo, active: ActiveKeyIds): Promise<number> {
    const [condition, parameters] = this.staleCondition(info, active);
    const [row]: { count: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM ${this.id(info.table)}
       WHERE ${this.id(info.column)} IS NOT NULL AND ${condition}`,
      parameters,
    );
    return row?.count ?? 0;
  }

  /** Every stored value, in primary-key order, a page at a time. */
  all(
    info: EncryptedColumnInfo,
    afterId: string | undefined,
    limit: number,
  ): Promise<StoredValue[]> {
    return this.page(info, 'TRUE', [], afterId, limit);
  }

  /**
   * Writes each replacement only where the stored value is still the one that was read
   * (compare-and-swap), in one statement per batch; returns how many rows changed.
   */
  async replace(info: EncryptedColumnInfo, replacements: readonly Replacement[]): Promise<number> {
    if (replacements.length === 0) {
      return 0;
    }
    const blindIndexColumn = info.blindIndex?.column;
    const width = blindIndexColumn === undefined ? 3 : 4;
    const tuples = replacements.map((_, row) => {
      const slots = Array.from({ length: width }, (__, column) => `$${row * width + column + 1}`);
      return `(${slots.join(', ')})`;
    });
    const parameters = replacements.flatMap((r) =>
      blindIndexColumn === undefined
        ? [r.id, r.expected, r.value]
        : [r.id, r.expected, r.value, r.blindIndex],
    );
    const table = this.id(info.table);
    const column = this.id(info.column);
    const [setIndex, indexAlias] =
      blindIndexColumn === undefined
        ? ['', '']
        : [`, ${this.id(blindIndexColumn)} = v.blind_index`, ', blind_index'];
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${table} AS t SET ${column} = v.value${setIndex}
       FROM (VALUES ${tuples.join(', ')}) AS v(id, expected, value${indexAlias})
       WHERE t.${this.id(info.primaryKey)} = v.id::${info.primaryKeyType} AND t.${column} = v.expected`,
      parameters,
    );
    return affected;
  }

  private staleCondition(info: EncryptedColumnInfo, active: ActiveKeyIds): [string, string[]] {
    const keyIdOf = (column: string) => `split_part(${this.id(column)}, ':', 2)`;
    return info.blindIndex === undefined
      ? [`${keyIdOf(info.column)} <> $1`, [active.keyId]]
      : [
          `(${keyIdOf(info.column)} <> $1 OR ${keyIdOf(info.blindIndex.column)} <> $2)`,
          [active.keyId, active.blindIndexKeyId],
        ];
  }

  private async page(
    info: EncryptedColumnInfo,
    condition: string,
    parameters: unknown[],
    afterId: string | undefined,
    limit: number,
  ): Promise<StoredValue[]> {
    const primaryKey = this.id(info.primaryKey);
    // Keyset pagination on the primary key: every batch makes progress, even past rows it skips.
    const after =
      afterId === undefined
        ? ''
        : `AND ${primaryKey} > $${parameters.length + 2}::${info.primaryKeyType}`;
    return this.dataSource.query(
      `SELECT ${primaryKey}::text AS id, ${this.id(info.column)} AS value FROM ${this.id(info.table)}
       WHERE ${this.id(info.column)} IS NOT NULL AND ${condition} ${after}
       ORDER BY ${primaryKey} LIMIT $${parameters.length + 1}`,
      afterId === undefined ? [...parameters, limit] : [...parameters, limit, afterId],
    );
  }

  private id(identifier: string): string {
    return this.dataSource.driver.escape(identifier);
  }
}
