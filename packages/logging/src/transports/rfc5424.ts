/** Syslog facilities (RFC 5424 §6.2.1). */
export const SYSLOG_FACILITIES = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  ntp: 12,
  audit: 13,
  alert: 14,
  clock: 15,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;

export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

// winston npm levels → syslog severities (3 error, 4 warning, 6 informational, 7 debug).
const SEVERITY_BY_LEVEL: Readonly<Record<string, number>> = {
  error: 3,
  warn: 4,
  info: 6,
  http: 6,
  verbose: 7,
  debug: 7,
  silly: 7,
};
const INFORMATIONAL = 6;

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;

export interface Rfc5424Fields {
  readonly facility: SyslogFacility;
  readonly level: string;
  readonly timestamp: unknown;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly msg: string;
}

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG` (no structured data; MSG carries the JSON line). */
export function formatRfc5424(fields: Rfc5424Fields): string {
  const pri =
    SYSLOG_FACILITIES[fields.facility] * 8 + (SEVERITY_BY_LEVEL[fields.level] ?? INFORMATIONAL);
  const timestamp =
    typeof fields.timestamp === 'string' && RFC3339_UTC.test(fields.timestamp)
      ? fields.timestamp
      : new Date().toISOString();
  const header = [
    headerField(fields.hostname, 255),
    headerField(fields.appName, 48),
    headerField(fields.procId, 128),
    headerField(fields.msgId, 32),
  ].join(' ');
  return `<${pri}>1 ${timestamp} ${header} - ${fields.msg}`;
}

/** Octet-counting framing (RFC 5425 §4.3, RFC 6587 §3.4.1): `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function frameOctetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

// Header fields are printable ASCII without spaces: anything else would shift the fields a collector parses.
function headerField(value: string, maxLength: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, maxLength);
  return printable === '' ? '-' : printable;
}
