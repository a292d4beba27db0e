import pLimit, { type LimitFunction } from 'p-limit';
import { PasswordHashingBusyError } from './passwords.errors.js';

/**
 * At most `concurrency` tasks run and at most `maxQueued` wait; any further call is refused at once.
 * p-limit runs and queues, but its queue is unbounded: its counters, which it updates
 * synchronously, let the cap be checked before a task is admitted.
 */
export class PasswordHashingLimiter {
  private readonly limit: LimitFunction;

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
  ) {
    this.limit = pLimit(concurrency);
  }

  get running(): number {
    return this.limit.activeCount;
  }

  get queued(): number {
    return this.limit.pendingCount;
  }

  /** True while every slot and queue place is taken: a call now would be refused. */
  get saturated(): boolean {
    return this.running + this.queued >= this.concurrency + this.maxQueued;
  }

  /** Rejects with {@link PasswordHashingBusyError} when every slot and queue place is taken. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.saturated) {
      throw new PasswordHashingBusyError();
    }
    return this.limit(task);
  }
}
