import { Injectable } from '@nestjs/common';
import { ChainWalk, type ChainBreak, type ChainHead } from './audit-chain.js';
import { AuditChainKeys } from './audit-chain-keys.js';
import { ArchiveWriter, archiveHeader } from './audit-archive-file.js';
import { AuditEventRepository, type AuditChainPruning } from './audit-event.repository.js';
import { walkChain } from './audit-verify.service.js';
import { AuditService } from './audit.service.js';

/** Archive the rows before this seq, or the rows that occurred before this date. */
export type ArchiveBoundary = { readonly beforeSeq: number } | { readonly before: Date };

export type ArchiveOutcome =
  | {
      readonly kind: 'archived';
      readonly firstSeq: number;
      readonly lastSeq: number;
      readonly lastHash: string;
    }
  /** Nothing before the boundary that is not archived already. */
  | { readonly kind: 'empty'; readonly checkpointSeq: number }
  /** The chain does not verify: nothing is exported nor deleted. */
  | { readonly kind: 'broken'; readonly broken: ChainBreak };

/**
 * Retention by checkpoint: exports the oldest rows to a file, records the last one as a checkpoint
 * and deletes them, in one transaction, after verifying the whole chain in the same snapshot.
 * Needs the schema owner's role: the API's own role may delete nothing.
 */
@Injectable()
export class AuditArchiveService {
  constructor(
    private readonly repository: AuditEventRepository,
    private readonly keys: AuditChainKeys,
    private readonly audit: AuditService,
  ) {}

  async archive(boundary: ArchiveBoundary, path: string): Promise<ArchiveOutcome> {
    const outcome = await this.repository.pruneChain((pruning) =>
      this.archiveIn(pruning, boundary, path),
    );
    if (outcome.kind === 'archived') {
      // The checkpoint reaches the central log store: a checkpoint forged later has no such event.
      await this.audit.record({
        event: 'sensitive_delete',
        outcome: 'success',
        actor: 'system',
        target: 'audit_events',
        metadata: {
          firstSeq: outcome.firstSeq,
          lastSeq: outcome.lastSeq,
          lastHash: outcome.lastHash,
        },
      });
    }
    return outcome;
  }

  private async archiveIn(
    pruning: AuditChainPruning,
    boundary: ArchiveBoundary,
    path: string,
  ): Promise<ArchiveOutcome> {
    const head = await pruning.head();
    const from = await pruning.start();
    const lastSeq = Math.min(await lastSeqBefore(pruning, boundary, head), head.seq);
    if (lastSeq <= from.seq) {
      return { kind: 'empty', checkpointSeq: from.seq };
    }
    // Missing only when rows were deleted: the walk then names the break, and nothing is written.
    const last = await pruning.linkAt(lastSeq);
    const writer =
      last &&
      (await ArchiveWriter.create(
        path,
        archiveHeader({
          firstSeq: from.seq + 1,
          lastSeq,
          prevHash: from.hash,
          lastHash: last.hash,
        }),
      ));
    let broken: ChainBreak | undefined;
    try {
      const walk = new ChainWalk(head, { keys: this.keys, from });
      broken = await walkChain(pruning, walk, from.seq, async (rows) => {
        await writer?.write(rows.filter((row) => row.seq <= lastSeq));
      });
    } catch (error) {
      await writer?.discard();
      throw error;
    }
    if (last === undefined || writer === undefined || broken !== undefined) {
      await writer?.discard();
      return { kind: 'broken', broken: broken ?? { kind: 'deleted', seq: lastSeq } };
    }
    await writer.close();
    await pruning.pruneThrough(last);
    return { kind: 'archived', firstSeq: from.seq + 1, lastSeq, lastHash: last.hash };
  }
}

async function lastSeqBefore(
  pruning: AuditChainPruning,
  boundary: ArchiveBoundary,
  head: ChainHead,
): Promise<number> {
  if ('beforeSeq' in boundary) {
    return boundary.beforeSeq - 1;
  }
  const first = await pruning.firstSeqAtOrAfter(boundary.before);
  return (first ?? head.seq + 1) - 1;
}
