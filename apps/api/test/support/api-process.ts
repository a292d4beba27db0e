import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const API_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ApiProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line that matches, or rejects when the process exits first. */
  waitForLine(pattern: RegExp): Promise<RegExpExecArray>;
  exited(): Promise<number | null>;
}

/** Runs `src/<entry>.ts` in a child process from source, as `pnpm dev` and `pnpm cli` do. */
export function runApiEntry(
  entry: 'main' | 'cli',
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): ApiProcess {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      '@swc-node/register/esm-register',
      // As `pnpm dev` and `pnpm start` run the API: tracing hooks in before it loads.
      ...(entry === 'main' ? ['--import', '@bulwark/api/tracing'] : []),
      `src/${entry}.ts`,
      ...args,
    ],
    { cwd: API_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(out);
          if (match !== null) {
            child.stdout.off('data', check);
            resolve(match);
          }
        };
        child.stdout.on('data', check);
        check();
        void exit.then((code) => {
          reject(new Error(`exited with ${String(code)} before ${String(pattern)}: ${err}`));
        });
      }),
  };
}

/** Runs one `pnpm cli` command to completion, with `stdin` piped in; `out` is stdout then stderr. */
export async function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  stdin = '',
): Promise<{ code: number | null; out: string }> {
  const run = runApiEntry('cli', args, env);
  run.child.stdin?.end(stdin);
  const code = await run.exited();
  return { code, out: run.stdout() + run.stderr() };
}
