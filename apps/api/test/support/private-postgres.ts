import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

/** The server binaries of the newest PostgreSQL installed from Debian's packages. */
function binaries(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (version === undefined) {
    throw new Error(
      'No PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)',
    );
  }
  return join(root, version, 'bin');
}

/** initdb and a fast, fsync-free server on a free loopback port, in a temporary directory. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binaries();
  const root = mkdtempSync(join(tmpdir(), 'bulwark-pg-'));
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const postgres = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, postgres, postgres);
  }
  const run = (program: string, args: string[]): void => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
      : [join(bin, program), args];
    execFileSync(command, commandArgs, { stdio: 'ignore' });
  };
  const data = join(root, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = (): void => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(root, 'log'), '-w', 'start']);
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
