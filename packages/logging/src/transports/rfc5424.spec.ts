import { describe, expect, it } from 'vitest';
import { formatRfc5424, frameOctetCounted } from './rfc5424.js';

const FIELDS = {
  facility: 'local0',
  level: 'error',
  timestamp: '2025-11-26T06:00:00.123Z',
  hostname: 'api-1',
  appName: 'bulwark-api',
  procId: '4242',
  msgId: 'audit',
  msg: '{"message":"hi"}',
} as const;

describe(formatRfc5424.name, () => {
  it('writes the RFC 5424 header with PRI = facility × 8 + severity and no structured data', () => {
    expect(formatRfc5424(FIELDS)).toBe(
      '<131>1 2025-11-26T06:00:00.123Z api-1 bulwark-api 4242 audit - {"message":"hi"}',
    );
    expect(formatRfc5424({ ...FIELDS, facility: 'authpriv', level: 'debug' })).toMatch(/^<87>1 /);
  });

  it('keeps header fields printable ASCII, within their length limits, and NILVALUE when empty', () => {
    const message = formatRfc5424({
      ...FIELDS,
      hostname: 'host name\n',
      appName: 'a'.repeat(60),
      msgId: '',
    });
    expect(message).toBe(
      `<131>1 2025-11-26T06:00:00.123Z host_name_ ${'a'.repeat(48)} 4242 - - {"message":"hi"}`,
    );
  });

  it('falls back to the current time when the record has no valid timestamp', () => {
    expect(formatRfc5424({ ...FIELDS, timestamp: 'yesterday' })).toMatch(
      /^<131>1 \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /,
    );
  });
});

describe(frameOctetCounted.name, () => {
  it('prefixes the message with its length in bytes, not characters', () => {
    const frame = frameOctetCounted('é☕');
    expect(frame.toString('utf8')).toBe('5 é☕');
  });
});
