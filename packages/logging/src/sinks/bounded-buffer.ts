/** One buffered event and whether it belongs to the audit trail. */
export interface BufferedEntry<T> {
  readonly item: T;
  readonly audit: boolean;
}

/** What `push` did: stored the event, stored it by evicting the oldest non-audit event, or rejected it. */
export type PushOutcome = 'stored' | 'stored-after-eviction' | 'rejected';

interface Sequenced<T> extends BufferedEntry<T> {
  readonly seq: number;
}

/**
 * A FIFO holding at most `capacity` events. When full, new non-audit events are rejected, and a
 * new audit event evicts the oldest non-audit one; an audit event is rejected only when every
 * slot already holds an audit event. `take` returns events in arrival order across both kinds.
 */
export class BoundedBuffer<T> {
  readonly #regular = new Fifo<Sequenced<T>>();
  readonly #audit = new Fifo<Sequenced<T>>();
  #seq = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#regular.size + this.#audit.size;
  }

  push(item: T, audit: boolean): PushOutcome {
    const entry = { item, audit, seq: this.#seq++ };
    if (this.size < this.capacity) {
      (audit ? this.#audit : this.#regular).push(entry);
      return 'stored';
    }
    if (!audit || this.#regular.shift() === undefined) {
      return 'rejected';
    }
    this.#audit.push(entry);
    return 'stored-after-eviction';
  }

  /** Removes and returns up to `max` of the oldest events. */
  take(max: number): BufferedEntry<T>[] {
    const taken: BufferedEntry<T>[] = [];
    while (taken.length < max) {
      const regular = this.#regular.peek();
      const audit = this.#audit.peek();
      const next = audit && (!regular || audit.seq < regular.seq) ? this.#audit : this.#regular;
      const entry = next.shift();
      if (entry === undefined) {
        break;
      }
      taken.push({ item: entry.item, audit: entry.audit });
    }
    return taken;
  }
}

// Array#shift is O(n); a moving head keeps a 10 000-event buffer cheap to drain.
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) {
      return undefined;
    }
    const item = this.#items[this.#head++];
    if (this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}
