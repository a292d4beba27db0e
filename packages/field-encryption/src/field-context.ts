import { InvalidInputError } from './field-encryption.errors.js';

/** The column a value belongs to. */
export interface ColumnContext {
  readonly table: string;
  readonly column: string;
}

/** The cell a value belongs to; all three parts are bound into the ciphertext. */
export interface FieldContext extends ColumnContext {
  /** Known before insert (application-generated ids such as UUIDv7). */
  readonly rowId: string;
}

// In unicode mode a valid surrogate pair is one code point, so this matches lone halves only.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** UTF-8 turns lone surrogates into U+FFFD, so such a string would not round-trip exactly. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** @throws InvalidInputError when table or column is empty or not well formed. */
export function assertColumnContext(context: ColumnContext): void {
  assertPart('table', context.table);
  assertPart('column', context.column);
}

/** @throws InvalidInputError when table, column or rowId is empty or not well formed. */
export function assertFieldContext(context: FieldContext): void {
  assertColumnContext(context);
  assertPart('rowId', context.rowId);
}

// An empty part would bind a value to nothing, for example a row whose id is not yet assigned.
function assertPart(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '' || !isWellFormed(value)) {
    throw new InvalidInputError(`${name} must be a non-empty, well-formed string`);
  }
}
