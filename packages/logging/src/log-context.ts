/** Request-scoped identifiers merged into every log line: ids only, never tokens. */
export interface LogContext {
  readonly requestId?: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly userId?: string;
  readonly sessionId?: string;
  readonly ip?: string;
}

/** Returns the current request's context, typically read from the caller's AsyncLocalStorage. */
export type LogContextGetter = () => LogContext | undefined;

export const LOG_CONTEXT_FIELDS = [
  'requestId',
  'traceId',
  'spanId',
  'userId',
  'sessionId',
  'ip',
] as const satisfies readonly (keyof LogContext)[];

/** Reads the context once, keeping only the known fields that hold non-empty strings. */
export function readLogContext(getter: LogContextGetter | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  let context: LogContext | undefined;
  try {
    context = getter?.();
  } catch {
    // A broken getter must cost the line its context, never the line itself.
    return fields;
  }
  for (const name of LOG_CONTEXT_FIELDS) {
    const value: unknown = context?.[name];
    if (typeof value === 'string' && value !== '') {
      fields[name] = value;
    }
  }
  return fields;
}
