/** Where and how production mail leaves: the parts of `SMTP_URL` that Bulwark honours. */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** `smtps://`: TLS from the first byte (implicit TLS, port 465 by default). */
  readonly secure: boolean;
  /** `smtp://…?requireTLS=true`: STARTTLS or no delivery (port 587 by default). */
  readonly requireTLS: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | undefined;
}

/**
 * Parses `smtp://` or `smtps://[user:pass@]host[:port][?requireTLS=true]`, or returns undefined.
 * Any other query parameter is refused: nodemailer would read `?tls.rejectUnauthorized=false`
 * from the URL and turn certificate verification off.
 */
export function parseSmtpUrl(value: string): SmtpEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'smtps:';
  const params = [...url.searchParams.entries()];
  const requireTLS = params.length === 1 && params[0]?.join('=') === 'requireTLS=true';
  if (
    (url.protocol !== 'smtp:' && !secure) ||
    url.hostname === '' ||
    (url.pathname !== '' && url.pathname !== '/') ||
    url.hash !== '' ||
    (params.length > 0 && !requireTLS)
  ) {
    return undefined;
  }
  const auth = url.username === '' ? undefined : decodeCredentials(url);
  if (auth === null) {
    return undefined;
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS,
    auth,
  };
}

// null for a malformed %-escape, which URL accepts and decodeURIComponent throws on.
function decodeCredentials(url: URL): { user: string; pass: string } | null {
  try {
    return { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  } catch {
    return null;
  }
}
