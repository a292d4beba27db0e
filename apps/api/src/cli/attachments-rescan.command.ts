import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import type { AppConfig } from '../app.config.js';
import { APP_CONFIG } from '../platform/config/config.module.js';
import { AttachmentScanner } from '../resources/notes/attachments/attachment-scanner.js';
import { withDataContext } from './data-context.js';

// All of them, a thousand at a time; a file stays pending only while the scanner is down.
const BATCH = 1_000;

@Command({
  name: 'attachments:rescan',
  description: 'Scan every attachment still pending (stored while the scanner was down)',
})
export class AttachmentsRescanCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    const report = await withDataContext(this.config, (context) =>
      context.get(AttachmentScanner).rescanPending(new Date(), BATCH),
    );
    process.stdout.write(`scanned ${report.scanned}; still pending ${report.pending}\n`);
    if (report.pending > 0) {
      throw new Error('the scanner did not answer for some files: is clamd up at CLAMD_URL?');
    }
  }
}
