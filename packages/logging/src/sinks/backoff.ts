import { positiveInteger } from '../positive-integer.js';

/** Reconnect delays: doubling from `initialMs` up to `maxMs`. */
export interface BackoffOptions {
  /** First delay in milliseconds (default 250). */
  readonly initialMs?: number;
  /** Largest delay in milliseconds (default 30 000). */
  readonly maxMs?: number;
}

const DEFAULT_INITIAL_MS = 250;
const DEFAULT_MAX_MS = 30_000;

/**
 * Capped exponential backoff with "equal jitter": each delay is drawn from [ceiling / 2, ceiling],
 * so many instances reconnecting after one collector outage spread out but never spin.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  #attempt = 0;

  /** `option` names the options in configuration errors, e.g. `syslog.backoff`. */
  constructor(options: BackoffOptions, option: string, random: () => number = Math.random) {
    this.#initialMs = positiveInteger(`${option}.initialMs`, options.initialMs, DEFAULT_INITIAL_MS);
    this.#maxMs = Math.max(
      positiveInteger(`${option}.maxMs`, options.maxMs, DEFAULT_MAX_MS),
      this.#initialMs,
    );
    this.#random = random;
  }

  next(): number {
    // The exponent stops growing once the cap is reached, so the delay never becomes Infinity.
    const ceiling = Math.min(this.#maxMs, this.#initialMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt += 1;
    return Math.round(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  reset(): void {
    this.#attempt = 0;
  }
}
