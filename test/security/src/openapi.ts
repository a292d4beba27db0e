/** The subset of JSON Schema the fuzzer reads from an OpenAPI 3.0 document. */
export interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
  readonly nullable?: boolean;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly $ref?: string;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required: boolean;
  readonly schema: Schema;
}

/** One documented operation, with its schemas resolved. */
export interface Operation {
  /** `METHOD /path/{param}`, as findings name it. */
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body: Schema | undefined;
  /** The name of the file field of a multipart body (an upload), if the operation takes one. */
  readonly fileField: string | undefined;
  readonly authenticated: boolean;
  /** Its 403 lists permission-denied: an administrator's token is what reaches its handler. */
  readonly needsPermission: boolean;
  /** The documented status codes, e.g. `404` for a route that looks an object up. */
  readonly statuses: readonly string[];
}

interface RawDocument {
  readonly paths: Record<string, Record<string, RawOperation | undefined>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

interface RawOperation {
  readonly parameters?: readonly (Omit<Parameter, 'required' | 'schema'> & {
    readonly required?: boolean;
    readonly schema?: Schema;
  })[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: Schema }> };
  readonly security?: readonly Record<string, unknown>[];
  readonly responses?: Record<string, { readonly content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const PERMISSION_DENIED = 'urn:bulwark:problem:permission-denied';

/** Every operation of an OpenAPI 3.0 document, in document order. */
export function operationsOf(document: unknown): Operation[] {
  const raw = document as RawDocument;
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema === undefined ? undefined : resolveSchema(schema, raw.components?.schemas ?? {});
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(raw.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) {
        continue;
      }
      const forbidden = resolve(
        operation.responses?.['403']?.content?.['application/problem+json']?.schema,
      );
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          ...parameter,
          required: parameter.required ?? parameter.in === 'path',
          schema: resolve(parameter.schema) ?? {},
        })),
        body: resolve(operation.requestBody?.content?.['application/json']?.schema),
        fileField: fileFieldOf(
          resolve(operation.requestBody?.content?.['multipart/form-data']?.schema),
        ),
        authenticated: (operation.security ?? []).some((entry) => Object.keys(entry).length > 0),
        needsPermission: JSON.stringify(forbidden ?? {}).includes(PERMISSION_DENIED),
        statuses: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return operations;
}

/** Inlines `$ref`s and merges `allOf`, so generators see one plain schema. */
function resolveSchema(schema: Schema, components: Record<string, Schema>, depth = 0): Schema {
  if (depth > 20) {
    return {};
  }
  const next = (inner: Schema): Schema => resolveSchema(inner, components, depth + 1);
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return next(components[name] ?? {});
  }
  if (schema.allOf !== undefined) {
    return schema.allOf.map(next).reduce<Schema>(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...merged.properties, ...part.properties },
      }),
      {},
    );
  }
  return {
    ...schema,
    ...(schema.properties === undefined
      ? {}
      : {
          properties: Object.fromEntries(
            Object.entries(schema.properties).map(([name, inner]) => [name, next(inner)]),
          ),
        }),
    ...(schema.items === undefined ? {} : { items: next(schema.items) }),
    ...(schema.oneOf === undefined ? {} : { oneOf: schema.oneOf.map(next) }),
  };
}

/** The property of a multipart body that carries a file (`format: binary`). */
function fileFieldOf(schema: Schema | undefined): string | undefined {
  return Object.entries(schema?.properties ?? {}).find(
    ([, property]) => property.format === 'binary',
  )?.[0];
}
