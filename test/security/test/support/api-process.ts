import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The API is started as users start it from source: a black box, nothing imported from it. */
const API_ROOT = fileURLToPath(new URL('../../../../apps/api/', import.meta.url));
const OUTPUT_KEPT = 64 * 1024;

export interface ApiProcess {
  readonly child: ChildProcess;
  /** The last output of the process, for the message of a failed start. */
  output(): string;
  exited(): Promise<number | null>;
}

/** How the API runs: from source (as `pnpm dev` does), or from the build (as `pnpm start` does). */
export type ApiBuild = 'source' | 'dist';

/** Runs `<entry>` of apps/api from source or from its build, with `stdin` piped in. */
export function runApiEntry(
  entry: 'main' | 'cli',
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin = '',
  build: ApiBuild = 'source',
): ApiProcess {
  const program =
    build === 'dist'
      ? [`dist/${entry}.js`]
      : ['--conditions=source', '--import', '@swc-node/register/esm-register', `src/${entry}.ts`];
  const child = spawn(process.execPath, [...program, ...args], {
    cwd: API_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  child.stdin.end(stdin);
  let output = '';
  const keep = (chunk: string): void => {
    output = (output + chunk).slice(-OUTPUT_KEPT);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited: () => exit };
}

export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin = '',
  build: ApiBuild = 'source',
): Promise<void> {
  const run = runApiEntry('cli', args, env, stdin, build);
  const code = await run.exited();
  if (code !== 0) {
    throw new Error(`pnpm cli ${args.join(' ')} exited with ${String(code)}: ${run.output()}`);
  }
}

/** Starts the server and answers its base URL from its `Listening on …` line. */
export function startServer(
  env: Readonly<Record<string, string>>,
  build: ApiBuild = 'source',
): Promise<{
  url: URL;
  stop: () => Promise<void>;
}> {
  const server = runApiEntry('main', [], env, '', build);
  return new Promise((resolve, reject) => {
    const listening = (chunk: string): void => {
      const match = /Listening on (https?:\/\/\S+)/.exec(chunk);
      if (match?.[1] !== undefined) {
        server.child.stdout?.off('data', listening);
        resolve({
          url: new URL(match[1]),
          stop: async () => {
            server.child.kill('SIGTERM');
            await server.exited();
          },
        });
      }
    };
    server.child.stdout?.on('data', listening);
    void server.exited().then((code) => {
      reject(new Error(`The API exited with ${String(code)} before listening: ${server.output()}`));
    });
  });
}
