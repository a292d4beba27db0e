import { Inject, Injectable } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import type { SessionsConfig } from '../sessions/sessions.config.js';
import type { RetentionConfig } from './retention.config.js';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { ExpiredRowsRepository, type PurgedRows } from './expired-rows.repository.js';

/** The configuration sections this file reads. */
type SectionsRead = { readonly sessions: SessionsConfig; readonly retention: RetentionConfig };

const DAY_MS = 86_400_000;

/**
 * Deletes sessions, mailed tokens and MFA challenges some days after they ended (ASVS 14.2.4);
 * the audit trail keeps what happened to them. Idempotent: instances may run it at once.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly rows: ExpiredRowsRepository,
    @Inject(APP_CONFIG) private readonly config: SectionsRead,
    @Inject(APP_LOGGER) private readonly logger: BulwarkLogger,
  ) {}

  async purge(now = new Date()): Promise<PurgedRows> {
    const { graceDays } = this.config.retention;
    const endedBefore = new Date(now.getTime() - graceDays * DAY_MS);
    const idleMs = this.config.sessions.idleTimeoutSeconds * 1000;
    const purged = await this.rows.purge({
      sessionsEndedBefore: endedBefore,
      sessionsIdleSince: new Date(endedBefore.getTime() - idleMs),
      tokensEndedBefore: endedBefore,
    });
    this.logger.info('expired rows purged', { ...purged, graceDays });
    return purged;
  }
}
