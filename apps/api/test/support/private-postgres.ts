import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A PostgreSQL server of a test's own, which it may stop and start without disturbing others. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** The server binaries of the newest PostgreSQL installed from Debian's packages, if any. */
export function postgresServerBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  return version === undefined ? undefined : join(root, version, 'bin');
}

function binaries(): string {
  const bin = postgresServerBinaries();
  if (bin === undefined) {
    throw new Error(
      'No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)',
    );
  }
  return bin;
}

export interface PrivatePostgresOptions {
  /** PEM files of a certificate and its key to serve TLS with (`ssl=on`; plaintext stays allowed). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

/** initdb and a fast, fsync-free server on a free loopback port, in a temporary directory. */
export async function startPrivatePostgres(
  options: PrivatePostgresOptions = {},
): Promise<PrivatePostgres> {
  const bin = binaries();
  const root = mkdtempSync(join(tmpdir(), 'bulwark-pg-'));
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const asRoot = userInfo().uid === 0;
  const postgres = asRoot
    ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    : undefined;
  // Owned by the server's user: PostgreSQL refuses a key file anyone else could read.
  const own = (path: string): void => {
    if (postgres !== undefined) {
      chownSync(path, postgres, postgres);
    }
  };
  own(root);
  const run = (program: string, args: string[]): void => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: 'ignore' });
  };
  const data = join(root, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  let settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  if (options.tls !== undefined) {
    const cert = join(root, 'server.crt');
    const key = join(root, 'server.key');
    copyFileSync(options.tls.certFile, cert);
    copyFileSync(options.tls.keyFile, key);
    chmodSync(key, 0o600);
    own(cert);
    own(key);
    settings += ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-o', settings, '-l', join(root, 'log'), '-w', 'start']);
  };
  const stop = (): void => {
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
