import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type BulwarkLogger } from '../create-logger.js';
import type { FileTransportOptions } from './rotating-file.transport.js';

describe('rotating file transport', () => {
  let dir: string;
  let logger: BulwarkLogger | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-file-log-'));
  });

  afterEach(() => {
    logger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function fileLogger(
    file: FileTransportOptions,
    warn = vi.fn<(message: string) => void>(),
  ): BulwarkLogger {
    logger = createLogger({
      service: 'api',
      env: 'test',
      version: '1',
      warn,
      transports: { file },
    });
    return logger;
  }

  function readLines(name: string): Record<string, unknown>[] {
    return readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('appends redacted JSON lines to a file only its owner and group can read', async () => {
    const filename = join(dir, 'logs', 'api.log');
    const log = fileLogger({ filename });
    log.info('first', { password: 'hunter2' });
    log.info('second');

    expect(await log.flush(2000)).toBe(true);
    expect(readLines('logs/api.log')).toEqual([
      expect.objectContaining({ message: 'first', password: '[REDACTED]' }),
      expect.objectContaining({ message: 'second' }),
    ]);
    expect(statSync(filename).mode & 0o037).toBe(0);
  });

  it('rotates by size during a burst, losing no line of the files it keeps', async () => {
    const log = fileLogger({
      filename: join(dir, 'api.log'),
      maxSizeBytes: 1024,
      maxFiles: 3,
      batchSize: 7,
    });
    for (let index = 0; index < 60; index += 1) {
      log.info(`line ${index}`, { padding: 'x'.repeat(100) });
    }

    expect(await log.flush(2000)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['api.1.log', 'api.2.log', 'api.log']);
    const kept = ['api.2.log', 'api.1.log', 'api.log']
      .flatMap(readLines)
      .map((line) => line.message);
    const first = 60 - kept.length;
    expect(kept).toEqual(
      Array.from({ length: kept.length }, (_, offset) => `line ${first + offset}`),
    );
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(1024);
    }
    expect(log.stats().file).toMatchObject({ dropped: 0, buffered: 0 });
  });

  it('keeps appending to an existing file and counts its size', async () => {
    writeFileSync(join(dir, 'api.log'), '{"old":true}\n'.repeat(70));
    const log = fileLogger({ filename: join(dir, 'api.log'), maxSizeBytes: 1000, maxFiles: 2 });
    log.info('new');
    expect(await log.flush(2000)).toBe(true);
    expect(readLines('api.1.log')).toHaveLength(70);
    expect(readLines('api.log')).toEqual([expect.objectContaining({ message: 'new' })]);
  });

  it('warns and keeps the process running when the file cannot be written', async () => {
    writeFileSync(join(dir, 'not-a-directory'), '');
    const warn = vi.fn<(message: string) => void>();
    const log = fileLogger(
      { filename: join(dir, 'not-a-directory', 'api.log'), backoff: { initialMs: 5, maxMs: 10 } },
      warn,
    );
    log.info('nowhere to go');
    await vi.waitFor(() => {
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/file sink unreachable \((EEXIST|ENOTDIR)/),
      );
    });
    expect(log.stats().file).toMatchObject({ connected: false, buffered: 1 });
  });
});
