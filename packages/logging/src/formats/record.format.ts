import winston from 'winston';
import { LOG_CONTEXT_FIELDS } from '../log-context.js';
import { setOwn } from '../set-own.js';
import { LEVEL } from '../winston-symbols.js';

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

/**
 * Puts the fields every line carries first, in a fixed order. Meta cannot override the service
 * identity, and winston's SPLAT copy of the raw, unredacted arguments is left behind.
 */
export function recordFormat(identity: ServiceIdentity): winston.Logform.Format {
  return winston.format((info) => {
    const record: winston.Logform.TransformableInfo = {
      timestamp: typeof info.timestamp === 'string' ? info.timestamp : new Date().toISOString(),
      level: info.level,
      message: info.message ?? '',
      service: identity.service,
      env: identity.env,
      version: identity.version,
      [LEVEL]: info[LEVEL],
    };
    for (const name of LOG_CONTEXT_FIELDS) {
      if (info[name] !== undefined) {
        record[name] = info[name];
      }
    }
    for (const [key, value] of Object.entries(info)) {
      if (!LEADING_FIELDS.has(key)) {
        setOwn(record, key, value);
      }
    }
    return record;
  })();
}
