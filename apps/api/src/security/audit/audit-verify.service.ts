import { Injectable } from '@nestjs/common';
import { ChainWalk, type AuditEventRow, type ChainBreak, type ChainHead } from './audit-chain.js';
import { AuditChainKeys } from './audit-chain-keys.js';
import { readArchive } from './audit-archive-file.js';
import { AuditEventRepository, type AuditChainSnapshot } from './audit-event.repository.js';

/** Outcome of a walk: how many rows were verified, and the first break if there is one. */
export interface ChainVerification {
  readonly verified: number;
  readonly head: number;
  /** The checkpoint the walk started from; 0 when nothing was archived. */
  readonly from: number;
  readonly broken: ChainBreak | undefined;
}

const PAGE_SIZE = 1000;

/**
 * Walks `audit_events` in seq order, one snapshot, a page at a time, from the latest checkpoint,
 * and stops at the first break; or walks an archived segment between two checkpoints.
 */
@Injectable()
export class AuditVerifyService {
  constructor(
    private readonly repository: AuditEventRepository,
    private readonly keys: AuditChainKeys,
  ) {}

  /** With `expected` (a head read from the central log store), the chain must still contain it. */
  verify(expected?: ChainHead): Promise<ChainVerification> {
    return this.repository.readChain(async (snapshot) => {
      const head = await snapshot.head();
      const from = await snapshot.start();
      const walk = new ChainWalk(head, { keys: this.keys, from, expected });
      const broken = await walkChain(snapshot, walk, from.seq);
      return { verified: walk.verified, head: head.seq, from: from.seq, broken };
    });
  }

  /**
   * An archive written by `audit:archive` must start right after a checkpoint of this database
   * (or at seq 1), link row by row under the chain keys, and end at the next checkpoint.
   */
  async verifyArchive(path: string): Promise<ChainVerification> {
    return readArchive(path, async (header, rows) => {
      const [from, end] = await this.repository.readChain((snapshot) =>
        Promise.all([
          snapshot.checkpointAt(header.firstSeq - 1),
          snapshot.checkpointAt(header.lastSeq),
        ]),
      );
      const result = (verified: number, broken: ChainBreak | undefined): ChainVerification => ({
        verified,
        head: header.lastSeq,
        from: header.firstSeq - 1,
        broken,
      });
      if (from === undefined || end === undefined) {
        const seq = from === undefined ? header.firstSeq - 1 : header.lastSeq;
        return result(0, { kind: 'unanchored', seq });
      }
      const head = { seq: header.lastSeq, hash: header.lastHash };
      const walk = new ChainWalk(head, { keys: this.keys, from, expected: end });
      for await (const row of rows) {
        const broken = walk.next(row);
        if (broken !== undefined) {
          return result(walk.verified, broken);
        }
      }
      return result(walk.verified, walk.finish());
    });
  }
}

/**
 * Feeds `walk` the rows after `afterSeq`, a page at a time; `visit` gets each page whose rows all
 * passed. Returns the first break, or what the walk finds at the end.
 */
export async function walkChain(
  snapshot: AuditChainSnapshot,
  walk: ChainWalk,
  afterSeq: number,
  visit?: (rows: readonly AuditEventRow[]) => Promise<void>,
): Promise<ChainBreak | undefined> {
  for (let after = afterSeq; ;) {
    const rows = await snapshot.rowsAfter(after, PAGE_SIZE);
    for (const row of rows) {
      const broken = walk.next(row);
      if (broken !== undefined) {
        return broken;
      }
    }
    const last = rows.at(-1);
    if (last === undefined) {
      return walk.finish();
    }
    await visit?.(rows);
    after = last.seq;
  }
}

/** One line naming the row where the chain breaks. */
export function describeChainBreak(broken: ChainBreak): string {
  switch (broken.kind) {
    case 'altered':
      return `seq ${broken.seq} (id ${broken.id}) was altered: its content no longer matches its hash`;
    case 'reordered':
      return `seq ${broken.seq} (id ${broken.id}) does not follow seq ${broken.seq - 1}: rows were reordered or inserted, or seq ${broken.seq - 1} was re-hashed`;
    case 'deleted':
      return `seq ${broken.seq} is missing: the row was deleted`;
    case 'inserted':
      return `seq ${broken.seq} (id ${broken.id}) lies beyond the chain head: it was inserted outside the application`;
    case 'truncated':
      return `seq ${broken.seq} and later rows up to the chain head are missing: the tail was deleted`;
    case 'head-altered':
      return `the chain head does not match seq ${broken.seq}: the head was altered`;
    case 'unkeyed':
      return `seq ${broken.seq} (id ${broken.id}) has no chain key, after keyed rows: it was written without the key, by someone other than the API`;
    case 'unknown-key':
      return `seq ${broken.seq} (id ${broken.id}) names chain key ${broken.keyId}, which AUDIT_CHAIN_KEYS does not hold: restore the key, or the row was forged`;
    case 'diverged':
      return `seq ${broken.seq} is not the row expected there: its hash differs, the rows were replaced`;
    case 'behind':
      return `the chain ends at seq ${broken.headSeq}, before the expected seq ${broken.seq}: the tail was cut and the head moved back`;
    case 'archived':
      return `seq ${broken.seq} lies behind the checkpoint at seq ${broken.checkpointSeq}: check it against the archive`;
    case 'unanchored':
      return `seq ${broken.seq} is not a checkpoint of this database: the archive does not start or end where one was cut`;
  }
}
