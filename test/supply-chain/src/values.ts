/** Narrowing helpers for parsed YAML and JSON, whose shape is unknown until checked. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Every string of a value that may be a string or a list of strings. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  return asArray(value).filter((item): item is string => typeof item === 'string');
}
