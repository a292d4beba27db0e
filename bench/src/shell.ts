import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { answersOk, FROM_SOURCE, stopProcess, type ChildServer } from './api-process.js';
import { freePort } from './free-port.js';
import { measureWithCpu, median, type Measured } from './reference.js';
import { positiveNumber } from './env-settings.js';

/**
 * The shell of the API, control by control: the same bare NestJS-on-Fastify hello served with
 * none of Bulwark's request hooks, with each alone (request context, security headers, access
 * log) and with the three, then the access line through a plain winston logger, alone and with
 * the other two (the floor of the shell with the logger the template is built on), each in a
 * process of its own (shell-server.ts), started anew every round and measured in an order that
 * reverses every round. Prints, per variant, the median rate, the median CPU
 * per request of its process (from /proc: steadier than the rate on a shared machine) and what it
 * adds to the bare hello, plus the rate ratio to it.
 */
const ROUNDS = positiveNumber('BENCH_ROUNDS', 8);
const DURATION_S = positiveNumber('BENCH_DURATION_S', 3);
const CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 10);

// BENCH_SHELL_VARIANTS: variants separated by `|`, e.g. `|log` for the bare hello and the log alone.
const VARIANTS = (
  process.env.BENCH_SHELL_VARIANTS ??
  '|context|headers|log|context,headers,log|winston|context,headers,winston'
).split('|');

async function startShell(controls: string): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...FROM_SOURCE, 'src/shell-server.ts'], {
    cwd: new URL('..', import.meta.url),
    env: { ...process.env, BENCH_SHELL: controls, BENCH_PORT: String(port) },
    // stdout to /dev/null, as the benches run the API: the access log writes there.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  if (await answersOk(child, `${url}/hello`, performance.now() + 60_000, 250)) {
    return { process: child, url };
  }
  child.kill('SIGTERM');
  throw new Error(`shell-server.ts with "${controls}" did not start within 60 s`);
}

function measure(server: ChildServer, durationS = DURATION_S): Promise<Measured> {
  return measureWithCpu(server, server.url, {
    url: `${server.url}/hello`,
    connections: CONNECTIONS,
    duration: durationS,
  });
}

const label = (controls: string): string => (controls === '' ? 'bare hello' : `+ ${controls}`);
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

let servers: ChildServer[] = [];
try {
  process.stdout.write(
    `shell bench: ${availableParallelism()} cores, load average ${load()}, ${ROUNDS} rounds of ` +
      `${DURATION_S} s at ${CONNECTIONS} connections, access log at info to /dev/null\n`,
  );
  const rounds: Measured[][] = VARIANTS.map(() => []);
  for (let round = 1; round <= ROUNDS; round += 1) {
    // New processes every round: two processes of the same code can differ by a third here
    // (JIT and GC decisions), so a variant's figure is a median over processes, not one's luck.
    servers = await Promise.all(VARIANTS.map((controls) => startShell(controls)));
    for (const server of servers) {
      await measure(server, 1);
    }
    const order = [...VARIANTS.keys()];
    for (const index of round % 2 === 0 ? order.reverse() : order) {
      const server = servers[index];
      if (server !== undefined) {
        rounds[index]?.push(await measure(server));
      }
    }
    for (const server of servers) {
      await stopProcess(server.process, 10_000);
    }
    process.stdout.write(
      `round ${round} (load ${load()}): ${VARIANTS.map(
        (controls, index) => `${label(controls)} ${rounds[index]?.at(-1)?.rps.toFixed(0) ?? '?'}/s`,
      ).join(', ')}\n`,
    );
  }
  const medians = rounds.map((measured) => ({
    rps: median(measured.map((m) => m.rps)),
    cpu: median(measured.map((m) => m.cpuMicrosPerRequest)),
  }));
  const bare = medians[0] ?? { rps: Number.NaN, cpu: Number.NaN };
  const width = Math.max(...VARIANTS.map((controls) => label(controls).length));
  process.stdout.write(
    `\n${'variant'.padEnd(width)}    req/s  rate / bare  CPU µs/req  added µs\n` +
      VARIANTS.map((controls, index) => {
        const { rps, cpu } = medians[index] ?? bare;
        return (
          `${label(controls).padEnd(width)}  ${rps.toFixed(0).padStart(7)}  ` +
          `${(rps / bare.rps).toFixed(2).padStart(11)}  ${cpu.toFixed(1).padStart(10)}  ` +
          (cpu - bare.cpu).toFixed(1).padStart(8)
        );
      }).join('\n') +
      `\n(load average ${load()})\n`,
  );
} finally {
  for (const server of servers) {
    await stopProcess(server.process, 10_000);
  }
}
