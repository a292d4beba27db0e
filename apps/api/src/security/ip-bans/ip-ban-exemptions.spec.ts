import { describe, expect, it } from 'vitest';
import { addressMatcher, MAX_REMEMBERED_ADDRESSES } from './ip-ban-exemptions.js';

describe(addressMatcher.name, () => {
  const exempt = addressMatcher(['127.0.0.0/8', '::1/128', '10.1.2.3', '2001:db8::/32']);

  it.each(['127.0.0.1', '127.255.0.9', '::1', '10.1.2.3', '2001:db8:ffff::1', '::ffff:127.0.0.1'])(
    'matches %s',
    (ip) => {
      expect(exempt(ip)).toBe(true);
    },
  );

  it.each(['128.0.0.1', '10.1.2.4', '::2', '2001:db9::1', '::ffff:10.1.2.4', 'not an address', ''])(
    'does not match %s',
    (ip) => {
      expect(exempt(ip)).toBe(false);
    },
  );

  it('matches nothing when given no range (production’s default)', () => {
    expect(addressMatcher([])('127.0.0.1')).toBe(false);
  });

  it('answers the same, twice and after a flood of other addresses has evicted its first answer', () => {
    const matcher = addressMatcher(['10.0.0.0/8']);
    expect([matcher('10.0.0.1'), matcher('10.0.0.1')]).toEqual([true, true]);
    expect([matcher('11.0.0.1'), matcher('11.0.0.1')]).toEqual([false, false]);
    for (let n = 0; n <= MAX_REMEMBERED_ADDRESSES; n += 1) {
      matcher(`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`);
      matcher(`172.16.${(n >> 8) & 255}.${n & 255}`);
    }
    expect([matcher('10.0.0.1'), matcher('11.0.0.1'), matcher('172.16.0.1')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
