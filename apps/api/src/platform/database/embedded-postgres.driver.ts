import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';
import { lockEmbeddedDatabase } from './embedded-database.lock.js';

type ConnectCallback = (
  error: Error | null,
  client: EmbeddedClient | null,
  release: () => void,
) => void;

/** What TypeORM's postgres driver reads from a `pg` query result. */
interface PgStyleResult {
  readonly rows: unknown[];
  readonly rowCount: number;
  readonly command: string | undefined;
}

/** The single PGlite session, shaped like a `pg` client. */
class EmbeddedClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<PgStyleResult> {
    // PGlite's extended protocol takes one statement; migrations may send several without parameters.
    const results: Results[] =
      params !== undefined && params.length > 0
        ? [await this.db.query(sql, params)]
        : await this.db.exec(sql);
    const last = results.at(-1);
    return {
      rows: last?.rows ?? [],
      rowCount: last?.rowCount ?? last?.affectedRows ?? 0,
      command: last?.command,
    };
  }
}

/**
 * A `pg.Pool` look-alike over one PGlite database, passed to TypeORM as its postgres `driver`.
 * PGlite is a single session, so the pool leases it to one caller at a time: without this, two
 * concurrent TypeORM transactions would interleave their BEGIN and COMMIT on the same session.
 */
export function embeddedPostgresDriver(dataDir: string): { Pool: new () => EventEmitter } {
  let opened: Promise<PGlite> | undefined;
  let unlock: (() => void) | undefined;
  const open = (): Promise<PGlite> =>
    (opened ??= (async () => {
      unlock = lockEmbeddedDatabase(dataDir);
      try {
        // Loaded here, not at the top: an API on PostgreSQL never pays PGlite's memory and start-up.
        const { PGlite: Embedded } = await import('@electric-sql/pglite');
        return await Embedded.create(dataDir);
      } catch (error) {
        unlock();
        throw error;
      }
    })());
  let queue: Promise<void> = Promise.resolve();

  class EmbeddedPool extends EventEmitter {
    connect(callback: ConnectCallback): void {
      let release!: () => void;
      const leased = new Promise<void>((resolve) => {
        let released = false;
        release = () => {
          if (!released) {
            released = true;
            resolve();
          }
        };
      });
      const turn = queue;
      queue = queue.then(() => leased);
      // One macrotask between leases: PGlite runs each query synchronously, so a queue of them
      // would otherwise hold the event loop until it drains, starving every other request.
      turn
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(open)
        .then(
          (db) => {
            callback(null, new EmbeddedClient(db), release);
          },
          (error: unknown) => {
            release();
            callback(error instanceof Error ? error : new Error(String(error)), null, release);
          },
        );
    }

    end(callback: (error?: Error) => void): void {
      (opened ?? Promise.resolve(undefined))
        .then((db) => db?.close())
        .finally(() => unlock?.())
        .then(
          () => {
            callback();
          },
          (error: unknown) => {
            callback(error instanceof Error ? error : new Error(String(error)));
          },
        );
    }
  }

  return { Pool: EmbeddedPool };
}
