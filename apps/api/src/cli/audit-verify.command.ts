import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { withDataContext } from './data-context.js';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import type { ChainHead } from '../security/audit/audit-chain.js';
import {
  AuditVerifyService,
  describeChainBreak,
  type ChainVerification,
} from '../security/audit/audit-verify.service.js';

const SHIPPED_HEAD = /^([1-9]\d{0,15}):([0-9a-f]{64})$/;

interface VerifyOptions {
  readonly expectHead?: ChainHead;
  readonly archive?: string;
}

@Command({
  name: 'audit:verify',
  description:
    'Check the audit chain from its last checkpoint (or an archive); exit 1 naming the first altered, deleted, inserted, reordered or forged row',
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], { expectHead, archive }: VerifyOptions): Promise<void> {
    if (expectHead !== undefined && archive !== undefined) {
      throw new Error('--expect-head and --archive: use one at a time');
    }
    const result = await withDataContext(this.config, (context) => {
      const verifier = context.get(AuditVerifyService);
      return archive === undefined ? verifier.verify(expectHead) : verifier.verifyArchive(archive);
    });
    const what = archive === undefined ? 'audit chain' : `audit archive ${archive}`;
    if (result.broken !== undefined) {
      process.stdout.write(
        `${what} BROKEN after ${result.verified} intact events: ${describeChainBreak(result.broken)}\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${what} intact: ${result.verified} events${scope(result, expectHead)}\n`);
  }

  @Option({
    flags: '--expect-head <seq:hash>',
    description:
      'the latest auditSeq:auditHash of the central log store: the chain must still contain that row',
  })
  parseExpectHead(value: string): ChainHead {
    const match = SHIPPED_HEAD.exec(value);
    if (match === null) {
      throw new Error('--expect-head: <auditSeq>:<auditHash>, the hash in lower-case hex');
    }
    return { seq: Number(match[1]), hash: match[2] ?? '' };
  }

  @Option({
    flags: '--archive <file>',
    description: 'verify a file written by audit:archive against the checkpoints instead',
  })
  parseArchive(value: string): string {
    return value;
  }
}

function scope(result: ChainVerification, expectHead: ChainHead | undefined): string {
  const from = result.from === 0 ? '' : ` after the checkpoint at seq ${result.from}`;
  return expectHead === undefined ? from : `${from}, seq ${expectHead.seq} as shipped`;
}
