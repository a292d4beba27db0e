import { PassThrough } from 'node:stream';
import type { BulwarkLogger } from '@bulwark/logging';
import type { AppConfig } from '../../src/app.config.js';
import { createAppLogger } from '../../src/platform/logging/app-logger.factory.js';

export type LogLine = Record<string, unknown>;

/** The app's real logger with its console output kept in memory, and what the sinks warned. */
export interface LogCapture {
  readonly logger: (config: AppConfig) => BulwarkLogger;
  /** Raw console output so far. */
  text(): string;
  lines(): LogLine[];
  warnings(): string[];
  /** Resolves with the first console line that matches, polling until `timeoutMs`. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export function captureLogs(): LogCapture {
  const stream = new PassThrough();
  let out = '';
  const warnings: string[] = [];
  stream.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const lines = (): LogLine[] =>
    out
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LogLine);
  return {
    logger: (config) =>
      createAppLogger(config, { consoleStream: stream, warn: (message) => warnings.push(message) }),
    text: () => out,
    lines,
    warnings: () => warnings,
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const poll = (): void => {
          const found = lines().find(match);
          if (found !== undefined) {
            resolve(found);
          } else if (Date.now() > deadline) {
            reject(new Error('no matching log line'));
          } else {
            setTimeout(poll, 20);
          }
        };
        poll();
      }),
  };
}
