import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  GENESIS,
  type AuditEventRow,
  type ChainHead,
  type ChainStart,
  type JsonValue,
} from './audit-chain.js';

/** Reads one consistent snapshot of the chain. */
export interface AuditChainSnapshot {
  head(): Promise<ChainHead>;
  /** The latest checkpoint, or the genesis when nothing was archived. */
  start(): Promise<ChainStart>;
  /** The checkpoint at `seq` (the genesis at 0), if there is one. */
  checkpointAt(seq: number): Promise<ChainStart | undefined>;
  /** Up to `limit` rows with a seq above `afterSeq`, in seq order. */
  rowsAfter(afterSeq: number, limit: number): Promise<AuditEventRow[]>;
}

/** A snapshot that may also archive: checkpoint a row and delete the rows up to it. */
export interface AuditChainPruning extends AuditChainSnapshot {
  /** Seq, hash and key of the row at `seq`, if there is one. */
  linkAt(seq: number): Promise<ChainStart | undefined>;
  /** The seq of the first row that occurred at or after `date`, if any. */
  firstSeqAtOrAfter(date: Date): Promise<number | undefined>;
  /** Records `checkpoint` and deletes every row up to it; the triggers allow nothing else. */
  pruneThrough(checkpoint: ChainStart): Promise<void>;
}

interface StoredRow {
  readonly seq: string | number | bigint;
  readonly id: string;
  readonly occurred_at: Date | string;
  readonly event: string;
  readonly outcome: string;
  readonly actor: string;
  readonly target: string | null;
  readonly ip: string | null;
  readonly request_id: string | null;
  readonly metadata: { readonly [key: string]: JsonValue };
  readonly key_id: string | null;
  readonly prev_hash: string;
  readonly hash: string;
}

/** A row's or a checkpoint's place in the chain. */
interface StoredLink {
  readonly seq: string | number;
  readonly hash: string;
  readonly key_id: string | null;
}

/** What GET /admin/audit-events may filter on; every field optional but the page size. */
export interface AuditEventFilter {
  readonly event?: string;
  /** Events the user caused (actor) or underwent (target `user:<id>`). */
  readonly userId?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Keyset pagination, newest first: only events older than this seq. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

const COLUMNS =
  'seq, id, occurred_at, event, outcome, actor, target, ip, request_id, metadata, prev_hash, hash, key_id';
const COLUMN_COUNT = 13;
const METADATA_COLUMN = 9;
// 1 300 parameters per INSERT, far below PostgreSQL's 65 535.
const MAX_ROWS_PER_APPEND = 100;

interface QueuedAppend {
  readonly seal: (head: ChainHead) => AuditEventRow;
  readonly resolve: (row: AuditEventRow) => void;
  readonly reject: (error: unknown) => void;
}

/** The only code that touches `audit_events`, `audit_chain_head` and `audit_checkpoints`. */
@Injectable()
export class AuditEventRepository implements BeforeApplicationShutdown {
  /** Rows waiting for the next transaction, while one is being written. */
  private queued: QueuedAppend[] = [];
  private writing: Promise<void> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the row `seal` links after the current head. The head row is locked FOR UPDATE, so
   * concurrent writers (other instances or processes) queue behind it and each links after the
   * previous one's commit: the chain cannot fork.
   *
   * In this process, one transaction at a time writes every row queued meanwhile (a group
   * commit). One row per transaction, each waiting for the lock on its own pooled connection,
   * let a flood of failed logins (each audited) take the whole pool, and capped the rate of
   * audited requests at one transaction's round trips.
   */
  append(seal: (head: ChainHead) => AuditEventRow): Promise<AuditEventRow> {
    return new Promise((resolve, reject) => {
      this.queued.push({ seal, resolve, reject });
      this.writing ??= this.writeQueued();
    });
  }

  /** Shutdown closes the pool after this: every row queued so far is committed (or refused) first. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.writing !== undefined) {
      await this.writing;
    }
  }

  private async writeQueued(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, MAX_ROWS_PER_APPEND);
      try {
        const rows = await this.appendInOneTransaction(batch.map((queued) => queued.seal));
        rows.forEach((row, index) => {
          batch[index]?.resolve(row);
        });
      } catch (error) {
        for (const queued of batch) {
          queued.reject(error);
        }
      }
    }
    this.writing = undefined;
  }

  private appendInOneTransaction(
    seals: readonly ((head: ChainHead) => AuditEventRow)[],
  ): Promise<AuditEventRow[]> {
    return this.dataSource.transaction(async (manager) => {
      let head = await selectHead(manager, 'FOR UPDATE');
      const rows = seals.map((seal) => {
        const row = seal(head);
        head = { seq: row.seq, hash: row.hash };
        return row;
      });
      const values = rows.map((_, row) => {
        const placeholders = Array.from({ length: COLUMN_COUNT }, (__, column) => {
          const placeholder = `$${row * COLUMN_COUNT + column + 1}`;
          return column === METADATA_COLUMN ? `${placeholder}::jsonb` : placeholder;
        });
        return `(${placeholders.join(', ')})`;
      });
      await manager.query(
        `INSERT INTO audit_events (${COLUMNS}) VALUES ${values.join(', ')}`,
        rows.flatMap((row) => [
          row.seq,
          row.id,
          row.occurredAt,
          row.event,
          row.outcome,
          row.actor,
          row.target,
          row.ip,
          row.requestId,
          JSON.stringify(row.metadata),
          row.prevHash,
          row.hash,
          row.keyId,
        ]),
      );
      await manager.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [
        head.seq,
        head.hash,
      ]);
      return rows;
    });
  }

  /** The newest events matching `filter` first; conditions are added only for the fields given. */
  async search(filter: AuditEventFilter): Promise<AuditEventRow[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const where = (condition: (parameter: string) => string, value: unknown): void => {
      parameters.push(value);
      conditions.push(condition(`$${parameters.length}`));
    };
    if (filter.event !== undefined) {
      where((p) => `event = ${p}`, filter.event);
    }
    if (filter.userId !== undefined) {
      where((p) => `(actor = ${p} OR target = 'user:' || ${p})`, filter.userId);
    }
    if (filter.from !== undefined) {
      where((p) => `occurred_at >= ${p}`, filter.from);
    }
    if (filter.to !== undefined) {
      where((p) => `occurred_at < ${p}`, filter.to);
    }
    if (filter.beforeSeq !== undefined) {
      where((p) => `seq < ${p}`, filter.beforeSeq);
    }
    parameters.push(filter.limit);
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_events
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY seq DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return rows.map(toRow);
  }

  /** Runs `read` in a REPEATABLE READ transaction: the head and every page come from one snapshot. */
  readChain<T>(read: (snapshot: AuditChainSnapshot) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => read(snapshotOf(manager)));
  }

  /**
   * Like {@link readChain}, for `audit:archive`: the checkpoints table is locked first, so archives
   * run one at a time, and the snapshot is taken after the lock. Needs the schema owner's role.
   */
  pruneChain<T>(prune: (pruning: AuditChainPruning) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('LOCK TABLE audit_checkpoints IN SHARE ROW EXCLUSIVE MODE');
      return prune({
        ...snapshotOf(manager),
        linkAt: (seq) => selectLink(manager, 'audit_events', 'WHERE seq = $1', [seq]),
        firstSeqAtOrAfter: async (date) => {
          const [first] = await manager.query<{ seq: string | null }[]>(
            'SELECT min(seq) AS seq FROM audit_events WHERE occurred_at >= $1',
            [date],
          );
          return first?.seq === undefined || first.seq === null ? undefined : Number(first.seq);
        },
        pruneThrough: async (checkpoint) => {
          await manager.query(
            'INSERT INTO audit_checkpoints (seq, hash, key_id) VALUES ($1, $2, $3)',
            [checkpoint.seq, checkpoint.hash, checkpoint.keyId],
          );
          await manager.query('DELETE FROM audit_events WHERE seq <= $1', [checkpoint.seq]);
        },
      });
    });
  }
}

function snapshotOf(manager: EntityManager): AuditChainSnapshot {
  return {
    head: () => selectHead(manager, ''),
    start: async () =>
      (await selectLink(manager, 'audit_checkpoints', 'ORDER BY seq DESC', [])) ?? GENESIS,
    checkpointAt: (seq) =>
      seq === 0
        ? Promise.resolve(GENESIS)
        : selectLink(manager, 'audit_checkpoints', 'WHERE seq = $1', [seq]),
    rowsAfter: async (afterSeq, limit) => {
      const rows: StoredRow[] = await manager.query(
        `SELECT ${COLUMNS} FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, limit],
      );
      return rows.map(toRow);
    },
  };
}

/** Seq, hash and key id of a row or a checkpoint. */
async function selectLink(
  manager: EntityManager,
  table: 'audit_events' | 'audit_checkpoints',
  condition: 'ORDER BY seq DESC' | 'WHERE seq = $1',
  parameters: unknown[],
): Promise<ChainStart | undefined> {
  const rows = await manager.query<StoredLink[]>(
    `SELECT seq, hash, key_id FROM ${table} ${condition} LIMIT 1`,
    parameters,
  );
  const row = rows[0];
  return row && { seq: Number(row.seq), hash: row.hash, keyId: row.key_id };
}

async function selectHead(manager: EntityManager, lock: 'FOR UPDATE' | ''): Promise<ChainHead> {
  const rows: { seq: string | number; hash: string }[] = await manager.query(
    `SELECT seq, hash FROM audit_chain_head WHERE id = 1 ${lock}`,
  );
  const head = rows[0];
  if (head === undefined) {
    throw new Error('audit_chain_head has no row: run the migrations');
  }
  return { seq: Number(head.seq), hash: head.hash };
}

function toRow(stored: StoredRow): AuditEventRow {
  return {
    seq: Number(stored.seq),
    id: stored.id,
    occurredAt: new Date(stored.occurred_at),
    event: stored.event,
    outcome: stored.outcome,
    actor: stored.actor,
    target: stored.target,
    ip: stored.ip,
    requestId: stored.request_id,
    metadata: stored.metadata,
    keyId: stored.key_id,
    prevHash: stored.prev_hash,
    hash: stored.hash,
  };
}
