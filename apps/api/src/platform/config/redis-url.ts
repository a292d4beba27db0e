/** Where Redis is and how the API signs in: the parts of `REDIS_URL` that Bulwark honours. */
export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  /** `rediss://`: TLS, with the server's certificate and host name verified. */
  readonly tls: boolean;
  /** An ACL user; unset: `default`. */
  readonly username: string | undefined;
  /** The AUTH password, or the ACL user's; unset: none. */
  readonly password: string | undefined;
  readonly db: number;
}

/**
 * Parses `redis://` or `rediss://[[user]:password@]host[:port][/db]`, or returns undefined. Query
 * parameters are refused: ioredis takes each one as a client option over the API's own (`?tls=`
 * replaces the CA, `?path=` a Unix socket replaces the host).
 */
export function parseRedisUrl(value: string): RedisEndpoint | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const tls = url.protocol === 'rediss:';
  const db = url.pathname === '' || url.pathname === '/' ? '0' : url.pathname.slice(1);
  if (
    (url.protocol !== 'redis:' && !tls) ||
    url.hostname === '' ||
    url.search !== '' ||
    url.hash !== '' ||
    !/^\d{1,5}$/.test(db)
  ) {
    return undefined;
  }
  let username: string;
  let password: string;
  try {
    username = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    // A malformed %-escape, which URL accepts.
    return undefined;
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    tls,
    username: username === '' ? undefined : username,
    password: password === '' ? undefined : password,
    db: Number(db),
  };
}
