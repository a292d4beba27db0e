import { describe, expect, it } from 'vitest';
import { addressMatcher } from './ip-ban-exemptions.js';

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
});
