import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { BulwarkLogger } from '@bulwark/logging';
import { APP_LOGGER } from '../../platform/logging/logging.module.js';
import { AccountWorkBusyError } from './accounts.errors.js';

/** Beyond this many unfinished tasks, new ones are refused (503) rather than piling up in memory. */
const MAX_PENDING = 200;

/**
 * Work that must not shape the response: what register and forgot-password do depends on whether
 * the e-mail has an account, so it runs after the 202 is sent, and the response time says nothing
 * about it (ASVS 6.3.8). Failures are logged; shutdown waits for what is running.
 */
@Injectable()
export class AccountWorkQueue implements BeforeApplicationShutdown {
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(APP_LOGGER) private readonly logger: BulwarkLogger) {}

  /** @throws AccountWorkBusyError when the queue is full (before the task has started) */
  enqueue(name: string, task: () => Promise<void>): void {
    if (this.pending.size >= MAX_PENDING) {
      throw new AccountWorkBusyError();
    }
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error: unknown) => {
        this.logger.error('account work failed', { task: name, error });
      })
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Resolves once every task enqueued so far, and any they enqueued, has finished. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled(this.pending);
    }
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.drain();
  }
}
