import pLimit, { type LimitFunction } from 'p-limit';
import { PasswordHashingBusyError } from './passwords.errors.js';

/**
 * At most `concurrency` tasks run and at most `maxQueued` wait; any further call is refused at once.
 * p-limit runs and queues, but its queue is unbounded: its counters, which it updates
 * synchronously, let the cap be checked before a task is admitted.
 */
export class PasswordHashingLimiter {
  private readonly limit: LimitFunction;
  private refused = 0;

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

  /** Calls refused since start (a metric: the load the limiter shed). */
  get shed(): number {
    return this.refused;
  }

  /**
   * Throws while every slot and queue place is taken, so a caller can give up before the work
   * that leads to a task.
   * @throws PasswordHashingBusyError
   */
  assertCapacity(): void {
    if (this.running + this.queued >= this.concurrency + this.maxQueued) {
      this.refused += 1;
      throw new PasswordHashingBusyError();
    }
  }

  /** Rejects with {@link PasswordHashingBusyError} when every slot and queue place is taken. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    this.assertCapacity();
    return this.limit(task);
  }
}
