// What one access line costs through Bulwark's logger and through the plainest winston logger
// (plain-winston.ts), in a loop that only logs: the part of the shell's log line that is
// Bulwark's own (request context, field order, redaction, escaping). In a server the same lines
// cost several times more (bench:shell), beside the server's own code and allocation.
// @bulwark/logging is its build (dist/), as the API's production build runs it.
import { Writable } from 'node:stream';
import { createLogger } from '@bulwark/logging';
import { createPlainWinstonLogger } from './plain-winston.js';
import { positiveInteger } from './env-settings.js';
import { median } from './reference.js';

const LINES = positiveInteger('BENCH_LINES', 300_000);
const ROUNDS = positiveInteger('BENCH_ROUNDS', 5);
// Let the streams' callbacks run every so many lines, as they do between a server's requests.
const LINES_PER_TURN = 1000;

// The request context of a GET /health/live, and the fields accessLogHook writes for it, built
// as the hook builds them: an object literal (one made by spreading another costs every later
// step of the line more, which would be the bench's cost, not the hook's).
const CONTEXT = { requestId: '0193f1c2-7a4e-7b1d-9c3e-5f6a7b8c9d0e', ip: '127.0.0.1' };
const accessFields = (bytes: number): object => ({
  requestId: CONTEXT.requestId,
  ip: CONTEXT.ip,
  method: 'GET',
  route: '/health/live',
  status: 200,
  durationMs: 0.4,
  bytes,
});

function discarding(): Writable {
  return new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  });
}

interface LineWriter {
  info(message: string, fields: object): unknown;
}

async function cpuMicrosPerLine(logger: LineWriter): Promise<number> {
  const started = process.cpuUsage();
  for (let line = 1; line <= LINES; line += 1) {
    logger.info('request completed', accessFields(line % 100));
    if (line % LINES_PER_TURN === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / LINES;
}

const loggers: [label: string, logger: LineWriter][] = [
  [
    "Bulwark's logger",
    createLogger({
      service: 'bulwark-api',
      env: 'production',
      version: '0.0.0',
      transports: { console: { stream: discarding() } },
      context: () => CONTEXT,
    }),
  ],
  ['plain winston', createPlainWinstonLogger(discarding())],
];
const results: number[][] = loggers.map(() => []);
// One round each to warm up, not counted; then the order alternates every round.
for (const [, logger] of loggers) {
  await cpuMicrosPerLine(logger);
}
for (let round = 1; round <= ROUNDS; round += 1) {
  const order = round % 2 === 0 ? [1, 0] : [0, 1];
  for (const index of order) {
    const [, logger] = loggers[index] ?? [];
    if (logger !== undefined) {
      results[index]?.push(await cpuMicrosPerLine(logger));
    }
  }
}
const [ours = [], plain = []] = results;
process.stdout.write(
  `access line, ${LINES} lines per round, ${ROUNDS} rounds, CPU µs per line (median; rounds)\n` +
    loggers
      .map(
        ([label], index) =>
          `${label.padEnd(16)}  ${median(results[index] ?? []).toFixed(2)}  ` +
          (results[index] ?? []).map((value) => value.toFixed(2)).join(' / '),
      )
      .join('\n') +
    `\nBulwark's own part: ${(median(ours) - median(plain)).toFixed(2)} µs per line\n`,
);
