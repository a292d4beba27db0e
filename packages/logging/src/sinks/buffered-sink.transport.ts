import TransportStream from 'winston-transport';
import type winston from 'winston';
import { describeError } from '../describe-error.js';
import { positiveInteger } from '../positive-integer.js';
import { Backoff } from './backoff.js';
import { BoundedBuffer, type BufferedEntry, type PushOutcome } from './bounded-buffer.js';
import type { SinkOptions, SinkStats, WarningSink } from './sink-options.js';
import { SinkRejectedError } from './sink-rejected.error.js';

type LogRecord = winston.Logform.TransformableInfo;
type Warning = 'unreachable' | 'dropping' | 'dropping-audit' | 'rejected';

const DEFAULT_BUFFER_SIZE = 10_000;
const DEFAULT_BATCH_SIZE = 200;

/**
 * A winston transport that never blocks the caller: `log` only encodes the event into a bounded
 * buffer, and a single background loop delivers batches, retrying with backoff while the sink is
 * down. Losses are counted (audit events separately) and announced once per outage.
 */
export abstract class BufferedSinkTransport<T> extends TransportStream {
  readonly #sink: string;
  readonly #warn: WarningSink;
  readonly #buffer: BoundedBuffer<T>;
  readonly #batchSize: number;
  readonly #backoff: Backoff;
  readonly #warned = new Set<Warning>();
  readonly #drainWaiters = new Set<() => void>();
  #batch: BufferedEntry<T>[] = [];
  #connected = false;
  #dropped = 0;
  #droppedAudit = 0;
  #pumping = false;
  #closed = false;
  #wake: (() => void) | undefined;

  protected constructor(sink: string, options: SinkOptions, warn: WarningSink) {
    super({ level: options.level });
    this.#sink = sink;
    this.#warn = warn;
    this.#buffer = new BoundedBuffer(
      positiveInteger(`${sink}.bufferSize`, options.bufferSize, DEFAULT_BUFFER_SIZE),
    );
    this.#batchSize = positiveInteger(`${sink}.batchSize`, options.batchSize, DEFAULT_BATCH_SIZE);
    this.#backoff = new Backoff(options.backoff ?? {}, `${sink}.backoff`);
  }

  /** Turns a redacted, escaped record into what the sink sends. */
  protected abstract encode(record: LogRecord): T;

  /** Sends a batch, resolving once the sink has taken it; rejects with `SinkRejectedError` when a retry cannot help. */
  protected abstract deliver(batch: readonly T[]): Promise<void>;

  /** Releases the connection or file handle; the base class calls it once, on close. */
  protected abstract disconnect(): void;

  override log(record: LogRecord, next: () => void): void {
    if (!this.#closed) {
      this.#accept(record);
    }
    next();
  }

  stats(): SinkStats {
    return {
      connected: this.#connected,
      buffered: this.#buffer.size + this.#batch.length,
      dropped: this.#dropped,
      droppedAudit: this.#droppedAudit,
    };
  }

  /** Resolves `true` once every buffered event is delivered, or `false` after `timeoutMs`. */
  whenDrained(timeoutMs: number): Promise<boolean> {
    if (this.#isDrained() || this.#closed) {
      return Promise.resolve(this.#isDrained());
    }
    return new Promise((resolve) => {
      const done = (drained: boolean): void => {
        clearTimeout(timer);
        this.#drainWaiters.delete(onDrained);
        resolve(drained);
      };
      const onDrained = (): void => {
        done(true);
      };
      const timer = setTimeout(done, timeoutMs, false);
      this.#drainWaiters.add(onDrained);
    });
  }

  override close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#connected = false;
    this.#wake?.();
    const lost = [...this.#batch, ...this.#buffer.take(Number.POSITIVE_INFINITY)];
    this.#batch = [];
    for (const entry of lost) {
      this.#countDrop(entry.audit);
    }
    const lostAudit = lost.filter((entry) => entry.audit).length;
    if (lost.length > 0) {
      this.#safeWarn(
        `[@bulwark/logging] ${this.#sink} sink closed with ${lost.length} undelivered events (${lostAudit} audit); call logger.flush() before closing`,
      );
    }
    this.disconnect();
  }

  /** For subclasses that see the connection drop while idle. */
  protected markDisconnected(): void {
    this.#connected = false;
  }

  #accept(record: LogRecord): void {
    const audit = record.audit === true;
    let outcome: PushOutcome;
    try {
      outcome = this.#buffer.push(this.encode(record), audit);
    } catch {
      // An event that cannot be encoded is lost like one that does not fit: counted, never thrown.
      outcome = 'rejected';
    }
    if (outcome === 'rejected') {
      this.#countDrop(audit);
      this.#warnOnce(audit ? 'dropping-audit' : 'dropping', this.#droppingMessage(audit));
    } else if (outcome === 'stored-after-eviction') {
      this.#countDrop(false);
      this.#warnOnce('dropping', this.#droppingMessage(false));
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pumping) {
      return;
    }
    this.#pumping = true;
    // Deferred so that events logged in the same tick leave in one batch.
    setImmediate(() => void this.#pump());
  }

  async #pump(): Promise<void> {
    try {
      while (!this.#closed) {
        if (this.#batch.length === 0) {
          this.#batch = this.#buffer.take(this.#batchSize);
        }
        if (this.#batch.length === 0) {
          this.#onDrained();
          return;
        }
        await this.#sendBatch();
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #sendBatch(): Promise<void> {
    try {
      await this.deliver(this.#batch.map((entry) => entry.item));
      this.#batch = [];
      this.#connected = true;
      this.#backoff.reset();
    } catch (error) {
      if (this.#closed) {
        return;
      }
      if (error instanceof SinkRejectedError) {
        this.#connected = true;
        this.#rejectBatch(error);
        return;
      }
      this.#connected = false;
      this.#warnOnce(
        'unreachable',
        `[@bulwark/logging] ${this.#sink} sink unreachable (${describeError(error)}); buffering up to ${this.#buffer.capacity} events and retrying with backoff`,
      );
      await this.#pause(this.#backoff.next());
    }
  }

  #rejectBatch(error: SinkRejectedError): void {
    const rejected = this.#batch;
    this.#batch = [];
    for (const entry of rejected) {
      this.#countDrop(entry.audit);
    }
    const audit = rejected.filter((entry) => entry.audit).length;
    this.#warnOnce(
      'rejected',
      `[@bulwark/logging] ${this.#sink} sink refused ${rejected.length} events (${audit} audit), which are dropped: ${describeError(error)}`,
    );
  }

  #pause(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      // A sink waiting to retry must not keep an otherwise finished process alive.
      timer.unref();
      this.#wake = wake;
    });
  }

  #onDrained(): void {
    // The outage is over only once the backlog is gone: warn again if the next one starts.
    this.#warned.clear();
    for (const waiter of this.#drainWaiters) {
      waiter();
    }
  }

  #isDrained(): boolean {
    return this.#buffer.size === 0 && this.#batch.length === 0;
  }

  #countDrop(audit: boolean): void {
    if (audit) {
      this.#droppedAudit += 1;
    } else {
      this.#dropped += 1;
    }
  }

  #droppingMessage(audit: boolean): string {
    return audit
      ? `[@bulwark/logging] ${this.#sink} sink buffer is full of audit events: AUDIT events are being dropped from this stream; see logger.stats()`
      : `[@bulwark/logging] ${this.#sink} sink buffer is full (${this.#buffer.capacity} events): dropping log events until it recovers; see logger.stats()`;
  }

  #warnOnce(warning: Warning, message: string): void {
    if (this.#warned.has(warning)) {
      return;
    }
    this.#warned.add(warning);
    this.#safeWarn(message);
  }

  #safeWarn(message: string): void {
    try {
      this.#warn(message);
    } catch {
      // The warning channel failing must not fail the log call that triggered it.
    }
  }
}
