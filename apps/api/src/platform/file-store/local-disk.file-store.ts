import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, opendir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STORAGE_KEY, type FileStore, type StoredObject } from './file-store.js';
import { StoredObjectMissingError } from './file-store.errors.js';

const PARTIAL_SUFFIX = '.partial';

/**
 * Objects as files of one private directory (0700, files 0600), which no route serves. A write
 * goes to `<key>.partial` and is renamed into place once complete, so a crash never leaves a
 * truncated object under a real key.
 */
export class LocalDiskFileStore implements FileStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly directory: string) {}

  async write(key: string, content: Readable): Promise<void> {
    await this.prepared();
    const path = this.pathOf(key);
    const partial = `${path}${PARTIAL_SUFFIX}`;
    // Opened before streaming, so the file exists by the time a failure removes it.
    const file = await open(partial, 'wx', 0o600);
    try {
      await pipeline(content, file.createWriteStream());
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async read(key: string): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key));
    // Opening fails asynchronously; wait for it so a missing file is an error here, not mid-reply.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => {
        resolve();
      });
      stream.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'ENOENT' ? new StoredObjectMissingError() : error);
      });
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredObject> {
    await this.prepared();
    for await (const entry of await opendir(this.directory)) {
      // A `.partial` file is an upload in progress, or one a crash interrupted: swept by age too.
      const key = entry.name.endsWith(PARTIAL_SUFFIX)
        ? entry.name.slice(0, -PARTIAL_SUFFIX.length)
        : entry.name;
      if (entry.isFile() && STORAGE_KEY.test(key)) {
        const { mtime } = await stat(join(this.directory, entry.name));
        yield { key: entry.name, modifiedAt: mtime };
      }
    }
  }

  async check(): Promise<void> {
    await this.prepared();
    await stat(this.directory);
  }

  private pathOf(key: string): string {
    const bare = key.endsWith(PARTIAL_SUFFIX) ? key.slice(0, -PARTIAL_SUFFIX.length) : key;
    if (!STORAGE_KEY.test(bare)) {
      throw new Error('not a storage key');
    }
    return join(this.directory, key);
  }

  // chmod as well as mkdir's mode: the umask applies to one and not the other, and an existing
  // directory keeps whatever mode it had.
  private prepared(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 }).then(() =>
      chmod(this.directory, 0o700),
    );
    return this.ready;
  }
}
