import type { Normalizer, ValueType } from '@bulwark/field-encryption';
import type { DataSource, EntityMetadata } from 'typeorm';
import { encryptedPropertiesOf } from './encrypted-column.decorator.js';

/** One encrypted column resolved against TypeORM's metadata: what the subscriber and rotation need. */
export interface EncryptedColumnInfo {
  readonly table: string;
  readonly primaryKey: string;
  /** SQL type of the primary key, for casts in raw queries (e.g. `uuid`). */
  readonly primaryKeyType: string;
  readonly property: string;
  readonly column: string;
  readonly type: ValueType;
  readonly blindIndex:
    | { readonly property: string; readonly column: string; readonly normalize?: Normalizer }
    | undefined;
}

export function encryptedColumnsOf(metadata: EntityMetadata): EncryptedColumnInfo[] {
  // Resolved lazily: `metadata.connection` is only complete once the data source is built.
  if (typeof metadata.target !== 'function') {
    return [];
  }
  const properties = encryptedPropertiesOf(metadata.target);
  if (properties.length === 0) {
    return [];
  }
  const [primary, ...others] = metadata.primaryColumns;
  if (primary === undefined || others.length > 0) {
    throw new Error(`${metadata.name}: encrypted columns need exactly one primary key column`);
  }
  const columnName = (property: string): string => {
    const column = metadata.findColumnWithPropertyName(property);
    if (column === undefined) {
      throw new Error(`${metadata.name}.${property} is not a column`);
    }
    return column.databaseName;
  };
  return properties.map(({ property, type, blindIndex }) => ({
    table: metadata.tableName,
    primaryKey: primary.databaseName,
    primaryKeyType: metadata.dataSource.driver.normalizeType(primary),
    property,
    column: columnName(property),
    type,
    blindIndex:
      blindIndex === undefined
        ? undefined
        : {
            property: blindIndex.property,
            column: columnName(blindIndex.property),
            normalize: blindIndex.normalize,
          },
  }));
}

/** Every encrypted column of every entity the data source knows. */
export function allEncryptedColumns(dataSource: DataSource): EncryptedColumnInfo[] {
  return dataSource.entityMetadatas.flatMap(encryptedColumnsOf);
}
