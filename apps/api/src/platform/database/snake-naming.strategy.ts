import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** `credentialVersion` → `credential_version`: how every column of the schema is named. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Columns and join columns named in snake_case from their properties, so that entities spell no
 * column names. Written here rather than taken from typeorm-naming-strategies: two overrides of
 * TypeORM's own strategy, and that package's peer range stops before TypeORM 1.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(
    propertyName: string,
    customName: string | undefined,
    embeddedPrefixes: string[],
  ): string {
    return (
      embeddedPrefixes.map((prefix) => `${snakeCase(prefix)}_`).join('') +
      (customName ?? snakeCase(propertyName))
    );
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }
}
