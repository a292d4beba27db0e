import type { Prng } from './prng.js';
import type { Schema } from './openapi.js';

/** A value the schema accepts, short where it can be: the baseline every mutation starts from. */
export function validValue(schema: Schema, prng: Prng): unknown {
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return prng.pick(schema.enum);
  }
  switch (schema.type ?? 'object') {
    case 'string':
      return validString(schema, prng);
    case 'integer':
      return prng.int(
        schema.minimum ?? 0,
        Math.min(schema.maximum ?? 1000, (schema.minimum ?? 0) + 50),
      );
    case 'number':
      return prng.next() * 100;
    case 'boolean':
      return prng.chance(0.5);
    case 'array':
      return validArray(schema, prng);
    default:
      return validObject(schema, prng);
  }
}

export function validObject(schema: Schema, prng: Prng): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (required.has(name) || prng.chance(0.5)) {
      value[name] = validValue(property, prng);
    }
  }
  return value;
}

function validArray(schema: Schema, prng: Prng): unknown[] {
  const items = schema.items ?? { type: 'string', maxLength: 8 };
  const length = prng.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3));
  if (items.enum !== undefined) {
    return [...items.enum].sort(() => prng.next() - 0.5).slice(0, Math.max(length, 1));
  }
  return Array.from({ length }, () => validValue(items, prng));
}

function validString(schema: Schema, prng: Prng): string {
  switch (schema.format ?? '') {
    case 'email':
      return `fuzz-${prng.string(10)}@example.com`;
    case 'uuid':
      return uuid(prng);
    case 'date-time':
      return new Date(Date.UTC(2020, 0, 1) + prng.int(0, 10 ** 9) * 1000).toISOString();
    case 'password':
      return `fuzz ${prng.string(16)} horse`;
    default:
      break;
  }
  if (schema.pattern === '^\\d{6}$') {
    return prng.string(6, '0123456789');
  }
  const min = schema.minLength ?? 1;
  return prng.string(prng.int(min, Math.max(min, Math.min(schema.maxLength ?? 24, 24))));
}

export function uuid(prng: Prng): string {
  const hex = prng.string(32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Strings at and around the documented bounds: where off-by-one and unit mistakes hide. */
export function boundaryStrings(schema: Schema, prng: Prng): string[] {
  const max = schema.maxLength ?? 256;
  const min = schema.minLength ?? 0;
  // Astral code points count once in JSON Schema but twice in UTF-16: both sides of that mistake.
  const astral = '\u{1F600}';
  const combining = 'e\u0301';
  return [
    prng.string(max),
    prng.string(max + 1),
    astral.repeat(max),
    astral.repeat(max + 1),
    combining.repeat(Math.ceil(max / 2) + 1),
    '\uFE0F'.repeat(max + 1),
    ...(min > 0 ? [prng.string(min - 1)] : []),
    '',
    ' '.repeat(max),
  ];
}

/** Integers at, just past and far past the documented bounds. */
export function boundaryNumbers(schema: Schema): unknown[] {
  const min = schema.minimum ?? 0;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  return [min, max, min - 1, max + 1, -1, 0, 2 ** 31, 2 ** 53 + 1, 1e20, -1e20, 1.5, -0];
}
