import type winston from 'winston';
import { describe, expect, it, vi } from 'vitest';
import { BufferedSinkTransport } from './buffered-sink.transport.js';
import type { SinkOptions } from './sink-options.js';
import { SinkRejectedError } from './sink-rejected.error.js';

class FakeSink extends BufferedSinkTransport<string> {
  readonly delivered: string[] = [];
  state: 'up' | 'down' | 'refusing' = 'up';

  constructor(options: SinkOptions, warn: (message: string) => void) {
    super('fake', { backoff: { initialMs: 5, maxMs: 10 }, ...options }, warn);
  }

  protected override encode(record: winston.Logform.TransformableInfo): string {
    return String(record.message);
  }

  protected override deliver(batch: readonly string[]): Promise<void> {
    if (this.state === 'down') {
      return Promise.reject(new Error('connect ECONNREFUSED'));
    }
    if (this.state === 'refusing') {
      return Promise.reject(new SinkRejectedError('HTTP 400'));
    }
    this.delivered.push(...batch);
    return Promise.resolve();
  }

  protected override disconnect(): void {
    this.state = 'down';
  }
}

const done = (): void => undefined;

function setUp(options: SinkOptions = {}) {
  const warn = vi.fn<(message: string) => void>();
  const sink = new FakeSink(options, warn);
  const log = (message: string, audit = false): void => {
    sink.log({ level: 'info', message, audit }, done);
  };
  const warnings = (pattern: RegExp) =>
    warn.mock.calls.filter(([message]) => pattern.test(message)).length;
  return { sink, log, warn, warnings };
}

describe(BufferedSinkTransport.name, () => {
  it('delivers in order and in batches while the sink is up', async () => {
    const { sink, log } = setUp({ batchSize: 2 });
    ['a', 'b', 'c'].forEach((message) => {
      log(message);
    });
    await vi.waitFor(() => {
      expect(sink.delivered).toEqual(['a', 'b', 'c']);
    });
    expect(sink.stats()).toEqual({ connected: true, buffered: 0, dropped: 0, droppedAudit: 0 });
  });

  it('counts drops past the buffer size and warns once per outage', async () => {
    const { sink, log, warnings } = setUp({ bufferSize: 3, batchSize: 2 });
    sink.state = 'down';

    for (let index = 0; index < 10; index += 1) {
      log(`first outage ${index}`);
    }
    expect(sink.stats()).toMatchObject({ buffered: 3, dropped: 7 });
    await vi.waitFor(() => {
      expect(warnings(/unreachable \(connect ECONNREFUSED\)/)).toBe(1);
    });
    for (let index = 0; index < 10; index += 1) {
      log(`still down ${index}`);
    }
    expect(warnings(/buffer is full/)).toBe(1);

    sink.state = 'up';
    await vi.waitFor(() => {
      expect(sink.stats()).toMatchObject({ connected: true, buffered: 0 });
    });
    expect(sink.delivered[0]).toBe('first outage 0');

    sink.state = 'down';
    for (let index = 0; index < 10; index += 1) {
      log(`second outage ${index}`);
    }
    expect(warnings(/buffer is full/)).toBe(2);
  });

  it('evicts non-audit events for audit events, and counts and announces audit drops apart', async () => {
    const { sink, log, warn, warnings } = setUp({ bufferSize: 2 });
    sink.state = 'down';

    log('regular 1');
    log('regular 2');
    log('audit 1', true);
    log('audit 2', true);
    expect(sink.stats()).toMatchObject({ dropped: 2, droppedAudit: 0 });
    expect(warn).not.toHaveBeenCalledWith(expect.stringContaining('AUDIT'));

    log('audit 3', true);
    expect(sink.stats()).toMatchObject({ dropped: 2, droppedAudit: 1 });
    expect(warnings(/AUDIT events are being dropped/)).toBe(1);

    sink.state = 'up';
    await vi.waitFor(() => {
      expect(sink.delivered).toEqual(['audit 1', 'audit 2']);
    });
  });

  it('drops and counts a batch the sink refuses, then carries on', async () => {
    const { sink, log, warnings } = setUp();
    sink.state = 'refusing';
    log('refused', true);
    log('refused too');
    await vi.waitFor(() => {
      expect(sink.stats()).toMatchObject({ dropped: 1, droppedAudit: 1, buffered: 0 });
    });
    expect(warnings(/refused 2 events \(1 audit\)/)).toBe(1);

    sink.state = 'up';
    log('accepted');
    await vi.waitFor(() => {
      expect(sink.delivered).toEqual(['accepted']);
    });
  });

  it('reports through flush whether everything buffered was delivered in time', async () => {
    const { sink, log } = setUp();
    sink.state = 'down';
    log('waiting');
    expect(await sink.whenDrained(20)).toBe(false);
    sink.state = 'up';
    expect(await sink.whenDrained(1000)).toBe(true);
    expect(sink.delivered).toEqual(['waiting']);
  });

  it('counts what is still buffered at close as dropped, and says so', () => {
    const { sink, log, warn } = setUp();
    sink.state = 'down';
    log('lost');
    log('lost audit', true);
    sink.close();
    log('after close');
    expect(sink.stats()).toMatchObject({ buffered: 0, dropped: 1, droppedAudit: 1 });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/closed with 2 undelivered events \(1 audit\)/),
    );
  });

  it('refuses a buffer size that is not a positive integer', () => {
    expect(() => setUp({ bufferSize: 0 })).toThrow(/fake.bufferSize must be a positive integer/);
  });
});
