import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_CONFIG } from '../../../platform/config/config.module.js';
import { APP_LOGGER } from '../../../platform/logging/logging.module.js';
import { AttachmentScanner } from './attachment-scanner.js';
import type { AttachmentsConfig } from './attachments.config.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly attachments: AttachmentsConfig };

// Files younger than this are still being scanned by the request that stored them.
const IN_FLIGHT_MS = 60_000;
const BATCH = 100;

/**
 * Scans pending files again every ATTACHMENT_RESCAN_INTERVAL_SECONDS (0: `pnpm cli
 * attachments:rescan` only), so files stored while the scanner was down become downloadable.
 */
@Injectable()
export class AttachmentRescanScheduler
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly scanner: AttachmentScanner,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
  ) {}

  onApplicationBootstrap(): void {
    const { rescanIntervalSeconds } = this.config.attachments;
    if (rescanIntervalSeconds > 0 && this.scanner.available) {
      this.timer = setInterval(() => {
        this.running = this.scanner
          .rescanPending(new Date(Date.now() - IN_FLIGHT_MS), BATCH)
          .catch((error: unknown) => {
            this.logger.warn('rescan of pending attachments failed', { error });
          });
      }, rescanIntervalSeconds * 1000).unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
