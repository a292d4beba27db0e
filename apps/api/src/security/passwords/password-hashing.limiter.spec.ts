import { describe, expect, it } from 'vitest';
import { PasswordHashingLimiter } from './password-hashing.limiter.js';
import { PasswordHashingBusyError } from './passwords.errors.js';

interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// p-limit starts an admitted task on a later microtask: let every pending one run.
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Submits a task that runs until its deferred is settled, recording when it starts. */
function submit(limiter: PasswordHashingLimiter, started: string[], name: string) {
  const gate = deferred();
  const result = limiter.run(async () => {
    started.push(name);
    await gate.promise;
    return name;
  });
  return { gate, result };
}

describe(PasswordHashingLimiter.name, () => {
  it('runs N tasks at once, queues up to the cap, and refuses the next at once', async () => {
    const limiter = new PasswordHashingLimiter(2, 3);
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => submit(limiter, started, name));
    await settle();

    expect(started).toEqual(['a', 'b']);
    expect({ running: limiter.running, queued: limiter.queued }).toEqual({ running: 2, queued: 3 });
    expect(() => {
      limiter.assertCapacity();
    }).toThrow(PasswordHashingBusyError);
    await expect(submit(limiter, started, 'f').result).rejects.toBeInstanceOf(
      PasswordHashingBusyError,
    );
    expect(started).not.toContain('f');
    expect(limiter.shed).toBe(2);

    tasks[0]?.gate.resolve();
    await expect(tasks[0]?.result).resolves.toBe('a');
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(() => {
      limiter.assertCapacity();
    }).not.toThrow();

    // The freed place is usable again: queued, not refused.
    const g = submit(limiter, started, 'g');
    expect(limiter.queued).toBe(3);
    for (const task of [...tasks.slice(1), g]) {
      task.gate.resolve();
    }
    await expect(Promise.all([...tasks.slice(1), g].map((task) => task.result))).resolves.toEqual([
      'b',
      'c',
      'd',
      'e',
      'g',
    ]);
    expect({ running: limiter.running, queued: limiter.queued }).toEqual({ running: 0, queued: 0 });
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new PasswordHashingLimiter(1, 0);
    const started: string[] = [];
    const failing = submit(limiter, started, 'a');
    await settle();
    failing.gate.reject(new Error('argon2 failed'));
    await expect(failing.result).rejects.toThrow('argon2 failed');

    const next = submit(limiter, started, 'b');
    next.gate.resolve();
    await expect(next.result).resolves.toBe('b');
  });

  it('with no queue, refuses as soon as every slot is taken', async () => {
    const limiter = new PasswordHashingLimiter(1, 0);
    const started: string[] = [];
    const running = submit(limiter, started, 'a');
    await expect(submit(limiter, started, 'b').result).rejects.toBeInstanceOf(
      PasswordHashingBusyError,
    );
    running.gate.resolve();
    await expect(running.result).resolves.toBe('a');
    expect(started).toEqual(['a']);
  });
});
