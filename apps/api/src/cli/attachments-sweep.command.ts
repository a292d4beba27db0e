import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { OrphanSweeper } from '../resources/notes/attachments/orphan-sweeper.js';
import { withDataContext } from './data-context.js';

const DEFAULT_GRACE_MINUTES = 60;

@Command({
  name: 'attachments:sweep',
  description: 'Delete stored files that no attachment names (left by a crash or a failed delete)',
})
export class AttachmentsSweepCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(_params: string[], options: { graceMinutes?: number }): Promise<void> {
    const graceMs = (options.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000;
    const report = await withDataContext(this.config, (context) =>
      context.get(OrphanSweeper).sweep(graceMs),
    );
    process.stdout.write(`examined ${report.examined} stored files; deleted ${report.deleted}\n`);
  }

  @Option({
    flags: '--grace-minutes <n>',
    description: `leave files younger than this alone: uploads in progress (default ${DEFAULT_GRACE_MINUTES})`,
  })
  parseGraceMinutes(value: string): number {
    const minutes = Number(value);
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 10_080) {
      throw new Error('--grace-minutes: an integer from 0 to 10080');
    }
    return minutes;
  }
}
