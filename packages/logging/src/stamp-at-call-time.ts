import type winston from 'winston';
import { readLogContext, type LogContextGetter } from './log-context.js';
import { buildRecord, type ServiceIdentity } from './record.js';
import { isoTimestamp } from './timestamp.js';
import { LEVEL } from './winston-symbols.js';

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Turns each entry into its ordered record, with the timestamp and the request context, as it is
 * written, not when the formats run: while a transport applies backpressure winston formats
 * buffered entries later, outside the caller's async context. Context fields win over meta of
 * the same name.
 */
export function stampAtCallTime(
  logger: winston.Logger,
  identity: ServiceIdentity,
  context: LogContextGetter | undefined,
): void {
  const write = logger.write.bind(logger) as Write;
  const stamped: Write = (entry, ...rest) =>
    // Below every transport's level, skip the formats: they cost as much as writing the line.
    rest.length === 0 && !enabled(logger, entry)
      ? true
      : write(stamp(entry, identity, context), ...rest);
  logger.write = stamped as typeof logger.write;
}

function enabled(logger: winston.Logger, entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) {
    return true;
  }
  const level: unknown = Reflect.get(entry, LEVEL) ?? Reflect.get(entry, 'level');
  return typeof level !== 'string' || logger.isLevelEnabled(level);
}

function stamp(
  entry: unknown,
  identity: ServiceIdentity,
  context: LogContextGetter | undefined,
): unknown {
  if (typeof entry !== 'object' || entry === null) {
    return entry;
  }
  // A new record, so that the caller's object never receives our fields.
  const fields = entry instanceof Error ? fromError(entry) : entry;
  return buildRecord(fields, identity, readLogContext(context), isoTimestamp());
}

// logger.error(err) hands winston the Error itself, whose message and stack are not enumerable.
function fromError(error: Error): object {
  const level: unknown = Reflect.get(error, 'level');
  return { level, [LEVEL]: level, message: error.message, error };
}
