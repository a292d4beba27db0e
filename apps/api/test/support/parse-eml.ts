/** Just enough of RFC 5322 and quoted-printable to read back a message nodemailer wrote. */
export interface ParsedEml {
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

export function parseEml(raw: string): ParsedEml {
  const split = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  // Unfold continuation lines (RFC 5322 2.2.3) before splitting name from value.
  for (const line of raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const decoded =
    headers.get('content-transfer-encoding') === 'quoted-printable'
      ? Buffer.from(
          body
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/g, (_match, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            ),
          'latin1',
        ).toString('utf8')
      : body;
  return { headers, body: decoded };
}
