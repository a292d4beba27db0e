import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  envSchema,
  PasswordHasherService,
  passwordsConfigFrom,
  PasswordHashingBusyError,
} from '@bulwark/api';

/**
 * Cost of argon2id at Bulwark's default parameters on this machine: the median time of one hash
 * and one verify, hashes per second with 1..N running at once (N = cores by default), and what a
 * burst larger than the limiter's bounds gets: hashed, or shed at once with the busy error (503).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SECONDS = Number(process.env.BENCH_DURATION_S ?? 3);
const MAX_CONCURRENCY = Number(process.env.BENCH_MAX_CONCURRENCY ?? availableParallelism());
const BURST = Number(process.env.BENCH_BURST ?? 64);

const defaults = passwordsConfigFrom(envSchema.parse({})).hashing;
const PASSWORD = 'correct horse battery staple';

const median = (values: number[]): number =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;

async function medianMs(run: () => Promise<unknown>): Promise<number> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function throughput(concurrency: number): Promise<number> {
  const hasher = await PasswordHasherService.create({ ...defaults, concurrency, maxQueued: 0 });
  const deadline = performance.now() + SECONDS * 1000;
  let hashes = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await hasher.hash(PASSWORD);
      hashes += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return hashes / ((performance.now() - started) / 1000);
}

process.stdout.write(
  `argon2id m=${defaults.memoryKib} KiB, t=${defaults.timeCost}, p=${defaults.parallelism}; ${availableParallelism()} cores; libuv pool ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}\n`,
);
const hasher = await PasswordHasherService.create(defaults);
const stored = await hasher.hash(PASSWORD);
const hashMs = await medianMs(() => hasher.hash(PASSWORD));
const verifyMs = await medianMs(() => hasher.verify(stored, PASSWORD));
const dummyMs = await medianMs(() => hasher.verifyDummy(PASSWORD));
process.stdout.write(
  `median of ${RUNS}: hash ${hashMs.toFixed(1)} ms, verify ${verifyMs.toFixed(1)} ms, verifyDummy ${dummyMs.toFixed(1)} ms\n`,
);

let single = 0;
for (let concurrency = 1; concurrency <= MAX_CONCURRENCY; concurrency += 1) {
  const rate = await throughput(concurrency);
  single = concurrency === 1 ? rate : single;
  process.stdout.write(
    `concurrency ${concurrency}: ${rate.toFixed(1)} hashes/s (${(rate / single).toFixed(2)}x one at a time)\n`,
  );
}

const started = performance.now();
const outcomes = await Promise.allSettled(
  Array.from({ length: BURST }, () => hasher.hash(PASSWORD)),
);
const elapsed = performance.now() - started;
const shed = outcomes.filter(
  (outcome) => outcome.status === 'rejected' && outcome.reason instanceof PasswordHashingBusyError,
).length;
process.stdout.write(
  `burst of ${BURST} at once (concurrency ${defaults.concurrency}, queue ${defaults.maxQueued}): ${BURST - shed} hashed in ${elapsed.toFixed(0)} ms, ${shed} shed at once with 503 + Retry-After\n`,
);
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
