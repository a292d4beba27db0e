import ts from 'typescript';

/**
 * Insertions into existing TypeScript files, each anchored on a declaration found by the
 * TypeScript parser (never by a pattern over the text). A missing anchor throws
 * {@link AnchorNotFoundError}: the file was changed by hand, and the generator says where rather
 * than guessing. The output is left to Prettier.
 */

/** The file no longer has the declaration an edit is anchored on. */
export class AnchorNotFoundError extends Error {
  override readonly name = 'AnchorNotFoundError';
}

const parse = (file: string, source: string): ts.SourceFile =>
  ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

const insertAt = (source: string, position: number, text: string): string =>
  source.slice(0, position) + text + source.slice(position);

/** `[a, b] as const` and `{…} satisfies T` are still the literal they wrap. */
function unwrap(node: ts.Expression): ts.Expression {
  return ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isParenthesizedExpression(node)
    ? unwrap(node.expression)
    : node;
}

function initializerOf(file: string, source: ts.SourceFile, name: string): ts.Expression {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) {
      continue;
    }
    for (const declaration of statement.declarationList.declarations) {
      if (
        ts.isIdentifier(declaration.name) &&
        declaration.name.text === name &&
        declaration.initializer
      ) {
        return unwrap(declaration.initializer);
      }
    }
  }
  throw new AnchorNotFoundError(`${file}: no top-level \`const ${name} = …\` to add to`);
}

/** The names a file declares or imports at its top level, each as often as it appears. */
export function topLevelNames(file: string, text: string): string[] {
  const names: string[] = [];
  for (const statement of parse(file, text).statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) {
        names.push(clause.name.text);
      }
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        bindings.elements.forEach((element) => names.push(element.name.text));
      } else if (bindings) {
        names.push(bindings.name.text);
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) {
          names.push(declaration.name.text);
        }
      }
    } else if (
      (ts.isClassDeclaration(statement) ||
        ts.isFunctionDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** Adds `import { name } from 'specifier';` after the file's last import. */
export function addImport(file: string, text: string, name: string, specifier: string): string {
  const source = parse(file, text);
  if (topLevelNames(file, text).includes(name)) {
    throw new AnchorNotFoundError(`${file} already declares or imports ${name}`);
  }
  const imports = source.statements.filter(ts.isImportDeclaration);
  const last = imports.at(-1);
  if (last === undefined) {
    throw new AnchorNotFoundError(`${file}: no import to add \`${name}\` after`);
  }
  return insertAt(text, last.getEnd(), `\nimport { ${name} } from '${specifier}';`);
}

/** Appends `element` to the array literal that initializes the top-level `const array`. */
export function appendToArray(file: string, text: string, array: string, element: string): string {
  const literal = initializerOf(file, parse(file, text), array);
  if (!ts.isArrayLiteralExpression(literal)) {
    throw new AnchorNotFoundError(`${file}: \`${array}\` is no longer an array literal`);
  }
  const { elements } = literal;
  const separator = elements.length === 0 || elements.hasTrailingComma ? '' : ', ';
  return insertAt(text, literal.getEnd() - 1, `${separator}${element}`);
}

/**
 * Appends `'key': value` properties to the object literal that initializes the top-level
 * `const object`; refuses a key it already has, and a value the file does not declare.
 */
export function appendProperties(
  file: string,
  text: string,
  object: string,
  properties: readonly (readonly [key: string, value: string])[],
): string {
  const source = parse(file, text);
  const literal = initializerOf(file, source, object);
  if (!ts.isObjectLiteralExpression(literal)) {
    throw new AnchorNotFoundError(`${file}: \`${object}\` is no longer an object literal`);
  }
  const declared = new Set(topLevelNames(file, text));
  const keys = new Set(
    literal.properties.flatMap((property) =>
      property.name && (ts.isStringLiteral(property.name) || ts.isIdentifier(property.name))
        ? [property.name.text]
        : [],
    ),
  );
  for (const [key, value] of properties) {
    if (keys.has(key)) {
      throw new AnchorNotFoundError(`${file}: \`${object}\` already has '${key}'`);
    }
    if (!declared.has(value)) {
      throw new AnchorNotFoundError(`${file}: no top-level \`${value}\` for '${key}'`);
    }
  }
  const rows = properties.map(([key, value]) => `'${key}': ${value},`).join('\n');
  const separator =
    literal.properties.length === 0 || literal.properties.hasTrailingComma ? '' : ',';
  return insertAt(text, literal.getEnd() - 1, `${separator}${rows}\n`);
}

/** The string keys of the object literal that initializes the top-level `const object`. */
export function objectKeys(file: string, text: string, object: string): string[] {
  const literal = initializerOf(file, parse(file, text), object);
  if (!ts.isObjectLiteralExpression(literal)) {
    throw new AnchorNotFoundError(`${file}: \`${object}\` is no longer an object literal`);
  }
  return literal.properties.flatMap((property) =>
    property.name && ts.isStringLiteral(property.name) ? [property.name.text] : [],
  );
}
