import { parse } from 'pg-connection-string';
import { isLoopbackHost } from './loopback.js';

/**
 * Why production refuses the PostgreSQL URL in `variable`, if it does. It is judged as pg itself
 * reads it (pg's own parser: a `?host=` parameter overrides the URL's host, `sslrootcert` is read
 * now): a server off this machine must be reached with `sslmode=verify-full`, under which pg
 * checks the certificate chain (against `sslrootcert` when given) and the host name (ASVS 12.3.2).
 */
export function databaseUrlTlsViolations(variable: string, url: string): string[] {
  let host: string | null;
  let sslmode: unknown;
  try {
    ({ host, sslmode } = parse(url));
  } catch {
    return [
      `${variable}: cannot be parsed, or the file its sslrootcert, sslcert or sslkey names cannot be read`,
    ];
  }
  // A Unix socket path, or loopback, never crosses a network. No host: pg takes PGHOST, unknown here.
  if (host !== null && host !== '' && (host.startsWith('/') || isLoopbackHost(host))) {
    return [];
  }
  // verify-full by name: pg 8 treats require and verify-ca as aliases of it, pg 9 will give them
  // libpq's weaker meaning (no host name check, or no check at all).
  return sslmode === 'verify-full'
    ? []
    : [
        `${variable}: production needs sslmode=verify-full (certificate and host name verified; sslrootcert=<CA file> for a private CA) unless PostgreSQL is on loopback`,
      ];
}
