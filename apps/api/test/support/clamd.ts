import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** clamd from clamav-daemon; its own directory is /usr/sbin, which a user's PATH may lack. */
export const CLAMD_BINARY = ['/usr/sbin/clamd', 'clamd'].find(
  (binary) => spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0,
);

/** The EICAR test file: every scanner flags it, and it harms nothing. */
export const EICAR = Buffer.from(
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
  'ascii',
);

// Signatures cannot be downloaded here. Two one-line databases: the EICAR file by its hash
// (md5:size:name), and its bytes anywhere in a file (name:any type:any offset:hex), which is what
// finds it inside a PDF.
const EICAR_HASH_SIGNATURE = '44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n';
const EICAR_BODY_SIGNATURE = `Eicar-Test-Signature:0:*:${EICAR.toString('hex')}\n`;

export interface PrivateClamd {
  /** For CLAMD_URL. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A clamd of the suite's own: its config, database and socket in `directory` (a new temporary
 * one by default), in the foreground so it dies with the test. Starts in well under a second
 * with one signature.
 */
export async function startClamd(
  directory = mkdtempSync(join(tmpdir(), 'bulwark-clamd-')),
): Promise<PrivateClamd> {
  if (CLAMD_BINARY === undefined) {
    throw new Error('clamd is not installed');
  }
  const socket = join(directory, 'clamd.sock');
  writeFileSync(join(directory, 'eicar.hdb'), EICAR_HASH_SIGNATURE);
  writeFileSync(join(directory, 'eicar.ndb'), EICAR_BODY_SIGNATURE);
  writeFileSync(
    join(directory, 'clamd.conf'),
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${directory}`,
      `TemporaryDirectory ${directory}`,
      `LogFile ${join(directory, 'clamd.log')}`,
      'StreamMaxLength 200M',
      'MaxThreads 2',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD_BINARY, ['-c', join(directory, 'clamd.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (data: Buffer) => {
    stderr += data.toString();
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  for (let waited = 0; !existsSync(socket); waited += 50) {
    if (waited > 20_000 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`clamd did not start: ${stderr.slice(-500)}`);
    }
    await sleep(50);
  }
  return {
    url: `unix:${socket}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
