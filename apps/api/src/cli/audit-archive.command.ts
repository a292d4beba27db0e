import { resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { asSchemaOwner, withDataContext } from './data-context.js';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import {
  AuditArchiveService,
  type ArchiveBoundary,
} from '../security/audit/audit-archive.service.js';
import { describeChainBreak } from '../security/audit/audit-verify.service.js';

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

interface ArchiveOptions {
  readonly before?: ArchiveBoundary;
  readonly out?: string;
}

@Command({
  name: 'audit:archive',
  description:
    'Export the audit rows before a date or seq to a file, checkpoint the last one and delete them (as DATABASE_MIGRATION_URL)',
})
export class AuditArchiveCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], { before, out }: ArchiveOptions): Promise<void> {
    if (before === undefined || out === undefined) {
      throw new Error('--before and --out are required');
    }
    const path = resolve(out);
    // Deleting rows needs the owner: the API's role may only append to the trail.
    const outcome = await withDataContext(asSchemaOwner(this.config), (context) =>
      context.get(AuditArchiveService).archive(before, path),
    );
    switch (outcome.kind) {
      case 'archived':
        process.stdout.write(
          `archived seq ${outcome.firstSeq}-${outcome.lastSeq} to ${path}; checkpoint seq ${outcome.lastSeq}, hash ${outcome.lastHash}\n`,
        );
        return;
      case 'empty':
        process.stdout.write(
          `nothing to archive: no row before the boundary after the checkpoint at seq ${outcome.checkpointSeq}\n`,
        );
        return;
      case 'broken':
        throw new Error(
          `audit chain BROKEN, nothing archived: ${describeChainBreak(outcome.broken)}`,
        );
    }
  }

  @Option({
    flags: '--before <date|seq>',
    description:
      'archive the rows that occurred before this ISO-8601 date, or those below this seq',
  })
  parseBefore(value: string): ArchiveBoundary {
    if (/^[1-9]\d{0,15}$/.test(value)) {
      return { beforeSeq: Number(value) };
    }
    const date = new Date(value);
    if (!ISO_DATE.test(value) || Number.isNaN(date.getTime())) {
      throw new Error('--before: an ISO-8601 date (2026-01-31, 2026-01-31T00:00:00Z) or a seq');
    }
    return { before: date };
  }

  @Option({
    flags: '--out <file>',
    description: 'the archive to write (JSON lines); an existing file is never overwritten',
  })
  parseOut(value: string): string {
    return value;
  }
}
