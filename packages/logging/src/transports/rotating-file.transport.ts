// Kept rather than winston-daily-rotate-file 5.0.0 (file-stream-rotator 0.6.1; +4 production
// packages, 5 MB, moment 4.8 MB of it). Measured with this spec's burst (60 lines of ~110 bytes,
// maxSize '1k', maxFiles 3, options.mode 0o640) on Node 20: 8 of its 9 files grew past the limit
// (1043-1050 bytes > 1024; it rotates after the write that crosses it), retention kept 9 files
// instead of 3 (it prunes a file, if it exists yet, when the next one is opened, then forgets it;
// in a burst the write streams have not created the files by then), the directory was made 0755
// (its mkdirSync takes no mode) beside a 0644 `.<hash>-audit.json`, and sizes can only be given in
// k/m/g. It is also a winston transport of its own, without this package's bounded buffer, drop
// counts or flush(). Spaced 5 ms apart, the same lines were pruned to 3 files: bursts break it.
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type winston from 'winston';
import { positiveInteger } from '../positive-integer.js';
import { BufferedSinkTransport } from '../sinks/buffered-sink.transport.js';
import type { SinkOptions, WarningSink } from '../sinks/sink-options.js';

/** A local JSON-lines file, rotated by size so that disk use stays bounded. One writing process per file. */
export interface FileTransportOptions extends Omit<SinkOptions, 'timeoutMs'> {
  /** Path of the current file, e.g. `logs/api.log`; rotated files are `api.1.log` (newest) to `api.<maxFiles - 1>.log`. */
  readonly filename: string;
  /** Size that triggers a rotation, in bytes (default 10 MiB); a single longer line still gets a file of its own. */
  readonly maxSizeBytes?: number;
  /** Files kept, the current one included (default 10): disk use stays ≤ maxSizeBytes × maxFiles. */
  readonly maxFiles?: number;
}

const DEFAULT_MAX_SIZE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_FILES = 10;
// Logs hold personal data (ids, addresses): owner read-write, group read, nobody else.
const FILE_MODE = 0o640;
const DIRECTORY_MODE = 0o750;

/** Appends JSON lines in batches off the caller's path, rotating `api.log` → `api.1.log` → … and deleting the oldest. */
export class RotatingFileTransport extends BufferedSinkTransport<Buffer> {
  readonly #filename: string;
  readonly #maxSizeBytes: number;
  readonly #maxFiles: number;
  #file: FileHandle | undefined;
  #size = 0;

  constructor(options: FileTransportOptions, warn: WarningSink) {
    super('file', options, warn);
    this.#filename = options.filename;
    this.#maxSizeBytes = positiveInteger(
      'file.maxSizeBytes',
      options.maxSizeBytes,
      DEFAULT_MAX_SIZE_BYTES,
    );
    this.#maxFiles = positiveInteger('file.maxFiles', options.maxFiles, DEFAULT_MAX_FILES);
  }

  protected override encode(record: winston.Logform.TransformableInfo): Buffer {
    return Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
  }

  protected override async deliver(lines: readonly Buffer[]): Promise<void> {
    try {
      let file = await this.#open();
      let chunk: Buffer[] = [];
      for (const line of lines) {
        if (this.#size > 0 && this.#size + line.length > this.#maxSizeBytes) {
          await file.writeFile(Buffer.concat(chunk));
          chunk = [];
          file = await this.#rotate(file);
        }
        chunk.push(line);
        this.#size += line.length;
      }
      await file.writeFile(Buffer.concat(chunk));
    } catch (error) {
      // Reopen on the next attempt, so the size is read again from the disk.
      this.disconnect();
      throw error;
    }
  }

  protected override disconnect(): void {
    const file = this.#file;
    this.#file = undefined;
    void file?.close().catch(() => undefined);
  }

  async #open(): Promise<FileHandle> {
    if (this.#file !== undefined) {
      return this.#file;
    }
    await mkdir(dirname(this.#filename), { recursive: true, mode: DIRECTORY_MODE });
    const file = await open(this.#filename, 'a', FILE_MODE);
    this.#size = (await file.stat()).size;
    this.#file = file;
    return file;
  }

  async #rotate(current: FileHandle): Promise<FileHandle> {
    this.#file = undefined;
    await current.close();
    if (this.#maxFiles === 1) {
      await rm(this.#filename, { force: true });
    } else {
      await rm(this.#archive(this.#maxFiles - 1), { force: true });
      for (let index = this.#maxFiles - 2; index >= 1; index -= 1) {
        await renameIfPresent(this.#archive(index), this.#archive(index + 1));
      }
      await renameIfPresent(this.#filename, this.#archive(1));
    }
    return this.#open();
  }

  #archive(index: number): string {
    const extension = extname(this.#filename);
    return join(
      dirname(this.#filename),
      `${basename(this.#filename, extension)}.${index}${extension}`,
    );
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
}
