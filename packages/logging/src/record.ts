import { LOG_CONTEXT_FIELDS } from './log-context.js';
import { setOwn } from './set-own.js';
import { LEVEL } from './winston-symbols.js';

/** What every line says about the process that wrote it. */
export interface ServiceIdentity {
  readonly service: string;
  readonly env: string;
  readonly version: string;
}

/** The fields every line starts with, in this order. */
export const STANDARD_FIELDS = [
  'timestamp',
  'level',
  'message',
  'service',
  'env',
  'version',
] as const;

const LEADING_FIELDS = new Set<string>([...STANDARD_FIELDS, ...LOG_CONTEXT_FIELDS]);

type LogRecord = Record<string | symbol, unknown>;

/**
 * Builds a new record with the fields every line carries first, in a fixed order; context fields
 * win over entry fields of the same name. The entry cannot override the service identity, and
 * winston's SPLAT copy of the raw, unredacted arguments is left behind.
 */
export function buildRecord(
  entry: object,
  identity: ServiceIdentity,
  context: Readonly<Record<string, string>>,
  timestamp: string,
): LogRecord {
  const record: LogRecord = {
    timestamp,
    level: ownValue(entry, 'level'),
    message: ownValue(entry, 'message') ?? '',
    service: identity.service,
    env: identity.env,
    version: identity.version,
    [LEVEL]: ownValue(entry, LEVEL),
  };
  for (const name of LOG_CONTEXT_FIELDS) {
    const value = context[name] ?? ownValue(entry, name);
    if (value !== undefined) {
      record[name] = value;
    }
  }
  for (const key of Object.keys(entry)) {
    if (!LEADING_FIELDS.has(key)) {
      setOwn(record, key, Reflect.get(entry, key));
    }
  }
  return record;
}

// Only what an object spread of the entry would copy: own enumerable properties.
function ownValue(entry: object, key: string | symbol): unknown {
  return Object.prototype.propertyIsEnumerable.call(entry, key)
    ? Reflect.get(entry, key)
    : undefined;
}
