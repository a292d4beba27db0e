import { describe, expect, it } from 'vitest';
import { median, signTestPValue } from './statistics.js';

describe(median.name, () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the outliers', () => {
    expect(median([5, 1, 900])).toBe(5);
    expect(median([4, 1, 3, 1000])).toBe(3.5);
  });
});

describe(signTestPValue.name, () => {
  it('finds an even split unremarkable and a one-sided one significant', () => {
    expect(signTestPValue(10, 20)).toBe(1);
    expect(signTestPValue(20, 20)).toBeCloseTo(2 / 2 ** 20, 12);
    expect(signTestPValue(0, 20)).toBeCloseTo(2 / 2 ** 20, 12);
    // 16 of 20: P(X >= 16) = 6196 / 2^20, two-sided.
    expect(signTestPValue(16, 20)).toBeCloseTo((2 * 6196) / 2 ** 20, 12);
  });
});
