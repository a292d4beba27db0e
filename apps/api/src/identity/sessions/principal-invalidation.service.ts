import { Inject, Injectable } from '@nestjs/common';
import type { SessionLivenessCache } from './session-liveness.cache.js';
import { SESSION_LIVENESS_CACHE } from './session.service.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * The one call for every change to who a user is (roles, second factor, anything the principal
 * of their sessions holds): made after the change commits, it drops the cached principal of each
 * of their live sessions, so the next request of any of them, on any instance sharing Redis, reads
 * the database again. Ending sessions needs no call here: SessionService.revoke drops them itself.
 * A principal filled while the change was committing is re-read by SessionService.activeSession,
 * which drops it if it no longer matches.
 */
@Injectable()
export class PrincipalInvalidation {
  constructor(
    private readonly sessions: SessionsRepository,
    @Inject(SESSION_LIVENESS_CACHE) private readonly cache: SessionLivenessCache,
  ) {}

  async userChanged(userId: string): Promise<void> {
    const live = await this.sessions.liveIdsOf(userId, new Date());
    if (live.length > 0) {
      await this.cache.delete(live);
    }
  }
}
