import type { Normalizer, ValueType } from '@bulwark/field-encryption';
import { Column } from 'typeorm';
import { snakeCase } from '../../platform/database/snake-naming.strategy.js';
import { EncryptedColumnMisuseError } from './field-encryption.errors.js';

export interface EncryptedColumnOptions {
  /** Database column name; by default the property's in snake_case with `_encrypted`. */
  readonly name?: string;
  readonly type?: ValueType;
  readonly nullable?: boolean;
  /** The property that stores this column's blind index, for equality lookups. */
  readonly blindIndex?: { readonly property: string; readonly normalize?: Normalizer };
}

export interface EncryptedProperty {
  readonly property: string;
  readonly type: ValueType;
  readonly blindIndex: EncryptedColumnOptions['blindIndex'];
}

// Keyed by entity class.
const registry = new Map<object, EncryptedProperty[]>();

/** Encrypted properties of an entity class, as declared with {@link EncryptedColumn}. */
export function encryptedPropertiesOf(entity: object): readonly EncryptedProperty[] {
  return registry.get(entity) ?? [];
}

/**
 * A column stored as an `ef1:` value bound to its table, column and row id, and held as plaintext
 * in memory. The entity needs a single primary key assigned before insert (e.g. UUIDv7).
 * Plaintext can reach the column only through `save()`: every other path that would write or
 * compare plaintext (`find({ where })`, `update()`, query builders) throws.
 */
export function EncryptedColumn(options: EncryptedColumnOptions = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const property = String(propertyKey);
    const entity = target.constructor;
    registry.set(entity, [
      ...encryptedPropertiesOf(entity),
      { property, type: options.type ?? 'string', blindIndex: options.blindIndex },
    ]);
    Column({
      type: 'text',
      name: options.name ?? `${snakeCase(property)}_encrypted`,
      nullable: options.nullable ?? false,
      transformer: {
        to: (value: unknown) => {
          if (value instanceof SealedValue) {
            return value.text;
          }
          // Plaintext here is a where-clause, an update() or a query builder write. TypeORM also
          // passes values through here to diff entities, so refuse at serialisation, not now.
          return value === null || value === undefined
            ? value
            : new RefusedPlaintext(`${entity.name}.${property}`);
        },
        from: (value: unknown) => value,
      },
    })(target, propertyKey);
  };
}

/** What the subscriber hands to TypeORM, so that plaintext which merely looks like `ef1:…` is still refused. */
export class SealedValue {
  constructor(readonly text: string) {}
}

/** Stands in for plaintext bound for an encrypted column: sending it to the database throws. */
class RefusedPlaintext {
  constructor(private readonly column: string) {}

  /** Called by `pg` when it serialises a query parameter. */
  toPostgres(): never {
    throw this.misuse();
  }

  /** Called by PGlite (and anything else) that serialises parameters as JSON. */
  toJSON(): never {
    throw this.misuse();
  }

  private misuse(): EncryptedColumnMisuseError {
    return new EncryptedColumnMisuseError(
      `${this.column} is encrypted: look it up through its blind index and write it with save()`,
    );
  }
}
