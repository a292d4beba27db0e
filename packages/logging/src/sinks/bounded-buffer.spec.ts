import { describe, expect, it } from 'vitest';
import { BoundedBuffer } from './bounded-buffer.js';

function items(buffer: BoundedBuffer<string>, max = Number.POSITIVE_INFINITY): string[] {
  return buffer.take(max).map((entry) => entry.item);
}

describe(BoundedBuffer.name, () => {
  it('returns events in arrival order, audit or not, a batch at a time', () => {
    const buffer = new BoundedBuffer<string>(10);
    buffer.push('a', false);
    buffer.push('b', true);
    buffer.push('c', false);
    buffer.push('d', true);
    expect(items(buffer, 3)).toEqual(['a', 'b', 'c']);
    expect(items(buffer)).toEqual(['d']);
    expect(buffer.size).toBe(0);
  });

  it('rejects non-audit events when full', () => {
    const buffer = new BoundedBuffer<string>(2);
    expect([buffer.push('a', false), buffer.push('b', false), buffer.push('c', false)]).toEqual([
      'stored',
      'stored',
      'rejected',
    ]);
    expect(items(buffer)).toEqual(['a', 'b']);
  });

  it('makes room for an audit event by evicting the oldest non-audit event', () => {
    const buffer = new BoundedBuffer<string>(3);
    buffer.push('a', false);
    buffer.push('audit-1', true);
    buffer.push('b', false);
    expect(buffer.push('audit-2', true)).toBe('stored-after-eviction');
    expect(items(buffer)).toEqual(['audit-1', 'b', 'audit-2']);
  });

  it('rejects an audit event only when every slot holds an audit event', () => {
    const buffer = new BoundedBuffer<string>(2);
    buffer.push('audit-1', true);
    buffer.push('audit-2', true);
    expect(buffer.push('audit-3', true)).toBe('rejected');
    expect(items(buffer)).toEqual(['audit-1', 'audit-2']);
  });

  it('keeps working through many cycles of filling and draining', () => {
    const buffer = new BoundedBuffer<number>(100);
    const seen: number[] = [];
    for (let round = 0; round < 50; round += 1) {
      for (let index = 0; index < 100; index += 1) {
        buffer.push(round * 100 + index, index % 7 === 0);
      }
      seen.push(
        ...buffer.take(30).map((entry) => entry.item),
        ...buffer.take(100).map((entry) => entry.item),
      );
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, index) => index));
  });
});
