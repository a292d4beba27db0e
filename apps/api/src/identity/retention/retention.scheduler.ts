import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import type { RetentionConfig } from './retention.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { RetentionService } from './retention.service.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly retention: RetentionConfig };

/** Purges every RETENTION_PURGE_INTERVAL_SECONDS in each API instance (0: `pnpm cli db:purge` only). */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly retention: RetentionService,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
  ) {}

  onApplicationBootstrap(): void {
    const { purgeIntervalSeconds } = this.config.retention;
    if (purgeIntervalSeconds > 0) {
      this.timer = setInterval(() => {
        this.running = this.retention.purge().catch((error: unknown) => {
          // A database away is the readiness check's news; the next run tries again.
          this.logger.warn('purge of expired rows failed', { error });
        });
      }, purgeIntervalSeconds * 1000).unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
