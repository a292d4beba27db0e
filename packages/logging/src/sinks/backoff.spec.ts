import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe(Backoff.name, () => {
  it('doubles up to the cap, jittered between half and all of the current step', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000 }, 'backoff', () => 0);
    const high = new Backoff({ initialMs: 100, maxMs: 1000 }, 'backoff', () => 1);
    const delays = (backoff: Backoff) => Array.from({ length: 6 }, () => backoff.next());
    expect(delays(low)).toEqual([50, 100, 200, 400, 500, 500]);
    expect(delays(high)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 }, 'backoff', () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('stays finite after any number of attempts', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 30_000 }, 'backoff', () => 1);
    for (let attempt = 0; attempt < 2000; attempt += 1) {
      backoff.next();
    }
    expect(backoff.next()).toBe(30_000);
  });

  it('refuses a delay that is not a positive integer, which would retry in a busy loop', () => {
    expect(() => new Backoff({ initialMs: 0 }, 'syslog.backoff')).toThrow(
      /syslog.backoff.initialMs must be a positive integer/,
    );
  });
});
