// Kept rather than @opentelemetry/otlp-transformer 0.223.1's JsonLogsSerializer: it takes the
// SDK's ReadableLogRecord (resource, scope, hrTime), so each event would still be mapped here
// first, and it depends on sdk-logs, sdk-metrics and sdk-trace (measurements: otlp-http.transport).
import type winston from 'winston';
import { STANDARD_FIELDS, type ServiceIdentity } from '../record.js';

// The OTLP/JSON encoding of opentelemetry-proto's logs/v1 messages (OTLP 1.x): 64-bit integers
// are decimal strings, trace and span ids are hex strings.

export interface OtlpAnyValue {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values: readonly OtlpAnyValue[] };
  readonly kvlistValue?: { readonly values: readonly OtlpKeyValue[] };
}

export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}

export interface OtlpLogRecord {
  readonly timeUnixNano: string;
  readonly observedTimeUnixNano: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: OtlpAnyValue;
  readonly attributes: readonly OtlpKeyValue[];
  readonly traceId?: string;
  readonly spanId?: string;
}

export interface OtlpLogsRequest {
  readonly resourceLogs: readonly {
    readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
    readonly scopeLogs: readonly {
      readonly scope: { readonly name: string };
      readonly logRecords: readonly OtlpLogRecord[];
    }[];
  }[];
}

// winston npm levels → OpenTelemetry SeverityNumber (TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17).
const SEVERITY_NUMBER: Readonly<Record<string, number>> = {
  error: 17,
  warn: 13,
  info: 9,
  http: 10,
  verbose: 8,
  debug: 5,
  silly: 1,
};
const SEVERITY_INFO = 9;

// Carried by the resource or by the record's own fields, so not repeated as attributes.
const NON_ATTRIBUTE_FIELDS = new Set<string>(STANDARD_FIELDS);
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/** Maps one redacted, escaped record to an OTLP LogRecord; trace ids that are not W3C hex stay attributes. */
export function toOtlpLogRecord(record: winston.Logform.TransformableInfo): OtlpLogRecord {
  const parsed = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
  const now = Date.now();
  const traceId = matching(record.traceId, TRACE_ID);
  const spanId = matching(record.spanId, SPAN_ID);
  const attributes = Object.entries(record)
    .filter(([key]) => !NON_ATTRIBUTE_FIELDS.has(key))
    .filter(([key]) => !(key === 'traceId' && traceId !== undefined))
    .filter(([key]) => !(key === 'spanId' && spanId !== undefined))
    .map(([key, value]) => ({ key, value: toAnyValue(value) }));
  return {
    timeUnixNano: toUnixNano(Number.isNaN(parsed) ? now : parsed),
    observedTimeUnixNano: toUnixNano(now),
    severityNumber: SEVERITY_NUMBER[record.level] ?? SEVERITY_INFO,
    severityText: record.level,
    body: toAnyValue(record.message),
    attributes,
    ...(traceId === undefined ? {} : { traceId }),
    ...(spanId === undefined ? {} : { spanId }),
  };
}

/** Wraps records in the ExportLogsServiceRequest body, with the service identity as the resource. */
export function toOtlpLogsRequest(
  identity: ServiceIdentity,
  hostName: string,
  logRecords: readonly OtlpLogRecord[],
): OtlpLogsRequest {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: identity.service } },
            { key: 'service.version', value: { stringValue: identity.version } },
            { key: 'deployment.environment.name', value: { stringValue: identity.env } },
            { key: 'host.name', value: { stringValue: hostName } },
          ],
        },
        scopeLogs: [{ scope: { name: '@bulwark/logging' }, logRecords }],
      },
    ],
  };
}

function toAnyValue(value: unknown): OtlpAnyValue {
  if (typeof value === 'string') {
    return { stringValue: value };
  }
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) {
      return { intValue: String(value) };
    }
    return Number.isFinite(value) ? { doubleValue: value } : { stringValue: String(value) };
  }
  if (Array.isArray(value)) {
    return { arrayValue: { values: value.map(toAnyValue) } };
  }
  if (typeof value === 'object' && value !== null) {
    const values = Object.entries(value).map(([key, item]) => ({ key, value: toAnyValue(item) }));
    return { kvlistValue: { values } };
  }
  // null: an empty AnyValue.
  return {};
}

function matching(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

function toUnixNano(epochMillis: number): string {
  return (BigInt(epochMillis) * 1_000_000n).toString();
}
