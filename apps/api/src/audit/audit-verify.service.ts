import { Injectable } from '@nestjs/common';
import { ChainWalk, type ChainBreak } from './audit-chain.js';
import { AuditEventRepository } from './audit-event.repository.js';

/** Outcome of a walk: how many rows were verified, and the first break if there is one. */
export interface ChainVerification {
  readonly verified: number;
  readonly head: number;
  readonly broken: ChainBreak | undefined;
}

const PAGE_SIZE = 1000;

/** Walks `audit_events` in seq order, one snapshot, a page at a time, and stops at the first break. */
@Injectable()
export class AuditVerifyService {
  constructor(private readonly repository: AuditEventRepository) {}

  verify(): Promise<ChainVerification> {
    return this.repository.readChain(async (snapshot) => {
      const head = await snapshot.head();
      const walk = new ChainWalk(head);
      let afterSeq = 0;
      for (;;) {
        const rows = await snapshot.rowsAfter(afterSeq, PAGE_SIZE);
        for (const row of rows) {
          const broken = walk.next(row);
          if (broken !== undefined) {
            return { verified: walk.verified, head: head.seq, broken };
          }
        }
        const last = rows.at(-1);
        if (last === undefined) {
          return { verified: walk.verified, head: head.seq, broken: walk.finish() };
        }
        afterSeq = last.seq;
      }
    });
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
  }
}
